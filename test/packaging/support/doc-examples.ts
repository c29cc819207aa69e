import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './workspace';

/**
 * The code block a doc marks `<!-- example: NAME -->` (the fenced block right after the marker):
 * the packaging tests run the docs' examples as written, so the docs cannot drift from the packages.
 */
export function docExample(doc: string, name: string): string {
  const text = readFileSync(join(ROOT, 'docs', doc), 'utf8');
  const marker = `<!-- example: ${name} -->`;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`docs/${doc} has no example marked ${marker}`);
  const m = /^\s*```[a-z]*\n([\s\S]*?)\n```/.exec(text.slice(at + marker.length));
  if (!m) throw new Error(`docs/${doc}: no code block right after ${marker}`);
  return `${m[1]}\n`;
}
