export declare function isStoreFacing(file: string, seen?: Map<string, boolean>): boolean;
export declare function storeFacingTests(): string[];
