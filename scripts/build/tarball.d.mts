/** The regular files in a package tarball (.tgz), paths without the leading `package/`. */
export declare function tarballFiles(tgz: string): { path: string; size: number }[];
/** Packed (the .tgz) and unpacked (its files added up) sizes in bytes, and its file count. */
export declare function tarballSizes(tgz: string): { packed: number; unpacked: number; files: number };
