export declare const VERSION_CONSTANTS: { dir: string; file: string; pattern: RegExp }[];
export declare function withVersion(source: string, pattern: RegExp, version: string): string;
