import { z } from 'zod';

/**
 * Text every store can hold exactly as it was sent. Two kinds of JavaScript string cannot be:
 * - one holding U+0000: PostgreSQL `text` refuses it;
 * - one that is not well-formed Unicode, i.e. holds an unpaired UTF-16 surrogate (U+D800–U+DFFF
 *   without its partner): no UTF-8 encoder can write it, so SQLite and PostgreSQL drivers store
 *   U+FFFD instead — a different value from the one acknowledged (and hashed into the audit chain).
 * Both are refused where text enters (REST bodies, query strings and parameters, stream messages,
 * CLI files), with the path of the field.
 */

/** With the `u` flag a regex sees code points: only a surrogate without its partner is `\p{Cs}`. */
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;

export const TEXT_PROBLEMS = {
  nul: 'must not contain NUL (U+0000) characters',
  surrogate: 'must be well-formed Unicode: it holds an unpaired UTF-16 surrogate (U+D800–U+DFFF)',
} as const;

/** Why `text` cannot be stored as sent, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return TEXT_PROBLEMS.nul;
  if (LONE_SURROGATE.test(text)) return TEXT_PROBLEMS.surrogate;
  return undefined;
}

/** Whether `text` is well-formed Unicode (no unpaired surrogate). `String.prototype.isWellFormed`, before ES2024. */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/**
 * `text` as a UTF-8 store keeps it: every unpaired surrogate replaced by U+FFFD, as the SQLite and
 * PostgreSQL drivers do (`String.prototype.toWellFormed`, before ES2024).
 */
export function asStoredText(text: string): string {
  return LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, '\uFFFD') : text;
}

/** A string (or object key) in a JSON value that cannot be stored as sent. */
export interface TextProblem {
  path: (string | number)[];
  message: string;
}

/**
 * The first string or object key in a parsed JSON value that cannot be stored as sent (see
 * {@link textProblem}), with its path, or undefined. Nesting past `maxDepth` is not looked into
 * (the callers' own depth limits refuse it).
 */
export function findTextProblem(value: unknown, maxDepth = 64): TextProblem | undefined {
  return walk(value, [], 0, maxDepth);
}

function walk(value: unknown, path: (string | number)[], depth: number, maxDepth: number): TextProblem | undefined {
  if (typeof value === 'string') {
    const message = textProblem(value);
    return message ? { path, message } : undefined;
  }
  if (depth > maxDepth || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = walk(value[i], [...path, i], depth + 1, maxDepth);
      if (found) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const message = textProblem(key);
    if (message) return { path: [...path, key], message };
    const found = walk((value as Record<string, unknown>)[key], [...path, key], depth + 1, maxDepth);
    if (found) return found;
  }
  return undefined;
}

/**
 * Characters that show nothing on their own: white space (spaces of every width, tab, line breaks,
 * no-break space), format characters (zero-width space and joiners, direction marks, soft hyphen,
 * byte-order mark), controls, and the other default-ignorable code points (Hangul fillers, variation
 * selectors, the combining grapheme joiner), plus the braille blank.
 */
const BLANK = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]*$/u;

/** Whether `text` is empty or shows nothing: only spaces, tabs, zero-width and other invisible characters. */
export function isBlankText(text: string): boolean {
  return BLANK.test(text);
}

/**
 * A required free text (a reason, a name): trimmed, and refused with `message` when it is empty or
 * shows nothing (see {@link isBlankText}).
 */
export function requiredText(max: number, message: string) {
  return z
    .string()
    .trim()
    .min(1, message)
    .max(max, `must be at most ${max} characters`)
    .refine((text) => text.length === 0 || !isBlankText(text), message); // empty: `min` said so already
}
