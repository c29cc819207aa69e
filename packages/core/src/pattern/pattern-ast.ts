/**
 * A `matches` pattern once parsed: the supported subset of ECMAScript regular expression syntax
 * (`u` flag), with what only capturing or laziness would change dropped (groups are plain groups,
 * quantifiers are greedy), since a clause only asks whether the pattern matches.
 */
export type PatternNode =
  | { readonly type: 'empty' }
  /** One code point. */
  | { readonly type: 'char'; readonly cp: number }
  /** `.`: any code point but a line terminator (U+000A, U+000D, U+2028, U+2029). */
  | { readonly type: 'any' }
  | { readonly type: 'class'; readonly negated: boolean; readonly items: readonly ClassItem[] }
  /** `^` (start of input), `$` (end of input), `\b`, `\B`. */
  | { readonly type: 'assert'; readonly kind: 'start' | 'end' | 'word' | 'notWord' }
  | { readonly type: 'group'; readonly body: PatternNode }
  | { readonly type: 'seq'; readonly items: readonly PatternNode[] }
  | { readonly type: 'alt'; readonly options: readonly PatternNode[] }
  /** `max` is Infinity for `*`, `+` and `{n,}`. */
  | { readonly type: 'repeat'; readonly body: PatternNode; readonly min: number; readonly max: number };

/** What a character class (or a class escape such as `\d` outside one) holds. */
export type ClassItem =
  | { readonly type: 'range'; readonly lo: number; readonly hi: number }
  /** `\d`, `\D`, `\w`, `\W`, `\s`, `\S`. */
  | { readonly type: 'escape'; readonly name: 'd' | 'D' | 'w' | 'W' | 's' | 'S' }
  /** `\p{…}` / `\P{…}`, with the engine's name for the property. */
  | { readonly type: 'property'; readonly negated: boolean; readonly name: string };
