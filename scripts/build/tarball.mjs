// Reads a package tarball (.tgz) without unpacking it: its files and their sizes.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** The regular files in `tgz` with their sizes in bytes (ustar headers; 512-byte blocks). */
export function tarballFiles(tgz) {
  const tar = gunzipSync(readFileSync(tgz));
  const files = [];
  let longName = null;
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from, len) => header.subarray(from, from + len).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const prefix = field(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = null;
    const body = at + 512;
    if (type === 'L') longName = tar.subarray(body, body + size).toString('utf8').replace(/\0.*$/s, '');
    else if (type === '0' || type === '7') files.push({ path: name.replace(/^package\//, ''), size });
    at = body + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Packed (the .tgz) and unpacked (its files added up) sizes in bytes. */
export function tarballSizes(tgz) {
  const files = tarballFiles(tgz);
  return { packed: readFileSync(tgz).length, unpacked: files.reduce((n, f) => n + f.size, 0), files: files.length };
}
