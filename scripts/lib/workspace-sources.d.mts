export declare function workspaceSources(): Record<string, string>;
export declare function workspaceAliases(): { find: RegExp; replacement: string }[];
