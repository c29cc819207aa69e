import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../errors';
import type { CliIo } from '../io';

/** Reads a file named on the command line; a missing one is a usage error (exit 2). */
export async function readInputFile(io: CliIo, name: string, option: string): Promise<{ path: string; text: string }> {
  const path = resolve(io.cwd, name);
  try {
    return { path, text: await readFile(path, 'utf8') };
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new UsageError(`${option} ${name}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : e instanceof Error ? e.message : String(e)}`);
  }
}

export async function writeOutputFile(io: CliIo, name: string, text: string): Promise<string> {
  const path = resolve(io.cwd, name);
  try {
    await writeFile(path, text, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot write ${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return path;
}
