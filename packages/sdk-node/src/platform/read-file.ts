import { readFileSync } from 'node:fs';

/** Reads a UTF-8 text file synchronously (the bootstrap file, once, at construction). */
export function readTextFile(path: string): string {
  return readFileSync(path, 'utf8');
}
