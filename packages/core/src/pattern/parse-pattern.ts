import type { ClassItem, PatternNode } from './pattern-ast';

/** Why a pattern is refused, phrased to follow it ("uses a lookahead, …"). */
export class PatternRefusal extends Error {}

/** Repetition counts above this are refused (the engine's limit). */
export const MAX_REPEAT = 1_000;

/** General categories by their short names (what `\p{Lu}`, `\p{gc=Lu}` or `\p{General_Category=Lu}` may name). */
const GENERAL_CATEGORIES = new Set(
  'L Lu Ll Lt Lm Lo LC M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp C Cc Cf Cs Co Cn'.split(' '),
);

const SYNTAX_CHARACTERS = '^$\\.*+?()[]{}|';
const CONTROL_ESCAPES: Record<string, number> = { f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b };

/**
 * Parses a `matches` pattern: ECMAScript regular expression syntax with the `u` flag, limited to
 * what a linear-time engine can run. Throws {@link PatternRefusal} for anything else: syntax that is
 * not valid with the `u` flag, lookarounds, backreferences, repetition counts above
 * {@link MAX_REPEAT}, lone surrogates, and Unicode properties other than general categories and
 * scripts. The caller checks the length first.
 */
export function parsePattern(source: string): PatternNode {
  return new Parser(source).parse();
}

class Parser {
  private i = 0;
  private readonly groupNames = new Set<string>();

  constructor(private readonly s: string) {}

  parse(): PatternNode {
    const node = this.disjunction();
    if (this.i < this.s.length) this.fail(this.s[this.i] === ')' ? 'an unmatched ")"' : `an unexpected "${this.s[this.i]}"`);
    return node;
  }

  private fail(what: string): never {
    throw new PatternRefusal(`does not compile: ${what} at position ${this.i}`);
  }

  private peek(offset = 0): string | undefined {
    return this.s[this.i + offset];
  }

  private disjunction(): PatternNode {
    const options = [this.alternative()];
    while (this.peek() === '|') {
      this.i++;
      options.push(this.alternative());
    }
    return options.length === 1 ? (options[0] as PatternNode) : { type: 'alt', options };
  }

  private alternative(): PatternNode {
    const items: PatternNode[] = [];
    while (this.i < this.s.length && this.peek() !== '|' && this.peek() !== ')') items.push(this.term());
    if (items.length === 0) return { type: 'empty' };
    return items.length === 1 ? (items[0] as PatternNode) : { type: 'seq', items };
  }

  private term(): PatternNode {
    const c = this.peek() as string;
    if (c === '^' || c === '$') {
      this.i++;
      return this.noQuantifier({ type: 'assert', kind: c === '^' ? 'start' : 'end' });
    }
    if (c === '\\' && (this.peek(1) === 'b' || this.peek(1) === 'B')) {
      const kind = this.peek(1) === 'b' ? 'word' : 'notWord';
      this.i += 2;
      return this.noQuantifier({ type: 'assert', kind });
    }
    if (c === '(' && this.peek(1) === '?' && (this.peek(2) === '=' || this.peek(2) === '!' || (this.peek(2) === '<' && (this.peek(3) === '=' || this.peek(3) === '!'))))
      throw new PatternRefusal('uses a lookahead or lookbehind ((?=…), (?!…), (?<=…), (?<!…)), which linear-time matching does not support');
    return this.quantified(this.atom());
  }

  /** An assertion: ECMAScript (`u` flag) allows no quantifier after it. */
  private noQuantifier(node: PatternNode): PatternNode {
    const c = this.peek();
    if (c === '*' || c === '+' || c === '?' || (c === '{' && this.readBraces() !== null)) this.fail('nothing to repeat');
    return node;
  }

  private quantified(atom: PatternNode): PatternNode {
    let min: number;
    let max: number;
    const c = this.peek();
    if (c === '*' || c === '+' || c === '?') {
      this.i++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else if (c === '{') {
      const braces = this.readBraces();
      if (braces === null) this.fail('an incomplete quantifier "{"');
      ({ min, max } = braces);
      if (min > max) this.fail('numbers out of order in a {} quantifier');
      const largest = max === Infinity ? min : max;
      if (largest > MAX_REPEAT)
        throw new PatternRefusal(`repeats something ${largest.toLocaleString('en-US')} times, more than linear-time matching allows (${MAX_REPEAT.toLocaleString('en-US')})`);
      this.i = braces.end;
    } else {
      return atom;
    }
    if (this.peek() === '?') this.i++; // lazy: the same answer to "does it match?"
    const next = this.peek();
    if (next === '*' || next === '+' || next === '?' || (next === '{' && this.readBraces() !== null)) this.fail('nothing to repeat');
    return { type: 'repeat', body: atom, min, max };
  }

  /** A `{n}`, `{n,}` or `{n,m}` quantifier at the cursor (not consumed), or null. */
  private readBraces(): { min: number; max: number; end: number } | null {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i, this.i + 40));
    if (m === null) return null;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    return { min, max, end: this.i + m[0].length };
  }

  private atom(): PatternNode {
    const c = this.peek() as string;
    switch (c) {
      case '.':
        this.i++;
        return { type: 'any' };
      case '(':
        return this.group();
      case '[':
        return this.characterClass();
      case '\\':
        return this.atomEscape();
      case '*':
      case '+':
      case '?':
        return this.fail('nothing to repeat');
      case '{':
        return this.fail(this.readBraces() === null ? 'a lone "{"' : 'nothing to repeat');
      case '}':
      case ']':
        return this.fail(`a lone "${c}"`);
      default:
        return { type: 'char', cp: this.literalCodePoint() };
    }
  }

  /** The source code point at the cursor, consumed; a lone surrogate is refused. */
  private literalCodePoint(): number {
    const cp = this.s.codePointAt(this.i) as number;
    this.i += cp > 0xffff ? 2 : 1;
    return checkNotSurrogate(cp);
  }

  private group(): PatternNode {
    this.i++; // (
    if (this.peek() === '?') {
      if (this.peek(1) === ':') this.i += 2;
      else if (this.peek(1) === '<') this.groupName();
      else this.fail('an invalid group "(?"');
    }
    const body = this.disjunction();
    if (this.peek() !== ')') this.fail('an unterminated group');
    this.i++;
    return { type: 'group', body };
  }

  /** `(?<name>`: consumed and checked; the name itself is dropped (nothing is captured). */
  private groupName(): void {
    // biome-ignore lint/suspicious/noMisleadingCharacterClass: ZWNJ and ZWJ are allowed one by one in identifiers (ES IdentifierPart)
    const m = /^\?<([$_\p{ID_Start}][$_\u200C\u200D\p{ID_Continue}]*)>/u.exec(this.s.slice(this.i, this.i + 300));
    if (m === null) this.fail('an invalid group name');
    const name = m[1] as string;
    if (this.groupNames.has(name)) this.fail(`a duplicate group name "${name}"`);
    this.groupNames.add(name);
    this.i += m[0].length;
  }

  private atomEscape(): PatternNode {
    const e = this.peek(1);
    if (e === undefined) this.fail('"\\" at the end of the pattern');
    if (/[1-9]/.test(e) || e === 'k') throw new PatternRefusal('uses a backreference, which cannot be matched in linear time');
    const item = this.classEscapeItem();
    if (item !== null) return { type: 'class', negated: false, items: [item] };
    return { type: 'char', cp: this.characterEscape(false) };
  }

  /** `\d \D \w \W \s \S \p{…} \P{…}` at the cursor as a class item (consumed), or null (nothing consumed). */
  private classEscapeItem(): ClassItem | null {
    const e = this.peek(1) as string;
    if ('dDwWsS'.includes(e)) {
      this.i += 2;
      return { type: 'escape', name: e as 'd' };
    }
    if (e !== 'p' && e !== 'P') return null;
    const m = /^\\[pP]\{([^}]*)\}/.exec(this.s.slice(this.i, this.i + 80));
    if (m === null) this.fail('an invalid property escape');
    const written = m[1] as string;
    const [key, value] = written.includes('=') ? (written.split('=', 2) as [string, string]) : [undefined, written];
    let name: string | null = null;
    if (key === undefined || key === 'gc' || key === 'General_Category') name = GENERAL_CATEGORIES.has(value) ? value : null;
    // Script names are checked by the engine (and by ECMAScript) when the pattern compiles.
    else if ((key === 'sc' || key === 'Script') && /^[A-Z][A-Za-z_]*$/.test(value)) name = value;
    if (name === null)
      throw new PatternRefusal(
        `uses the Unicode property \\${e}{${written}}, which is not supported (general categories such as \\p{Lu} or \\p{gc=Lu} and scripts such as \\p{Script=Greek} are)`,
      );
    this.i += m[0].length;
    return { type: 'property', negated: e === 'P', name };
  }

  /**
   * A CharacterEscape (`\n`, `\cJ`, `\0`, `\x41`, `\u0041`, `\u{1F600}`, `\.`) at the cursor, consumed:
   * its code point. `inClass` also allows `\b` (backspace) and `\-`.
   */
  private characterEscape(inClass: boolean): number {
    const e = this.peek(1) as string;
    const start = this.i;
    this.i += 2;
    if (e in CONTROL_ESCAPES) return CONTROL_ESCAPES[e] as number;
    if (e === 'c') {
      const letter = this.peek();
      if (letter === undefined || !/[A-Za-z]/.test(letter)) return this.failAt(start, 'an invalid control escape "\\c"');
      this.i++;
      return letter.charCodeAt(0) % 32;
    }
    if (e === '0') {
      if (/\d/.test(this.peek() ?? '')) return this.failAt(start, 'an invalid decimal escape');
      return 0;
    }
    if (e === 'x') {
      const m = /^[0-9A-Fa-f]{2}/.exec(this.s.slice(this.i, this.i + 2));
      if (m === null) return this.failAt(start, 'an invalid escape "\\x"');
      this.i += 2;
      return parseInt(m[0], 16);
    }
    if (e === 'u') return checkNotSurrogate(this.unicodeEscape(start));
    if (SYNTAX_CHARACTERS.includes(e) || e === '/' || (inClass && e === '-')) return e.charCodeAt(0);
    if (inClass && e === 'b') return 0x08;
    return this.failAt(start, `an invalid escape "\\${e}"`);
  }

  /** After `\u`: `{H…}`, or four hex digits (a surrogate pair written as two escapes is one code point). */
  private unicodeEscape(start: number): number {
    if (this.peek() === '{') {
      const m = /^\{([0-9A-Fa-f]+)\}/.exec(this.s.slice(this.i, this.i + 12));
      const cp = m === null ? NaN : parseInt(m[1] as string, 16);
      if (m === null || !(cp <= 0x10ffff)) return this.failAt(start, 'an invalid Unicode escape');
      this.i += m[0].length;
      return cp;
    }
    const hex4 = (at: number): number => (/^[0-9A-Fa-f]{4}$/.test(this.s.slice(at, at + 4)) ? parseInt(this.s.slice(at, at + 4), 16) : NaN);
    const cp = hex4(this.i);
    if (Number.isNaN(cp)) return this.failAt(start, 'an invalid Unicode escape');
    this.i += 4;
    if (cp >= 0xd800 && cp <= 0xdbff && this.s.startsWith('\\u', this.i)) {
      const low = hex4(this.i + 2);
      if (low >= 0xdc00 && low <= 0xdfff) {
        this.i += 6;
        return (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
      }
    }
    return cp;
  }

  private failAt(position: number, what: string): never {
    this.i = position;
    return this.fail(what);
  }

  private characterClass(): PatternNode {
    this.i++; // [
    const negated = this.peek() === '^';
    if (negated) this.i++;
    const items: ClassItem[] = [];
    while (this.peek() !== ']') {
      if (this.i >= this.s.length) this.fail('an unterminated character class');
      const from = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.i++;
        const to = this.classAtom();
        if (typeof from !== 'number' || typeof to !== 'number') this.fail('a class escape in a character class range');
        if (from > to) this.fail('a character class range out of order');
        items.push({ type: 'range', lo: from, hi: to });
      } else {
        items.push(typeof from === 'number' ? { type: 'range', lo: from, hi: from } : from);
      }
    }
    this.i++; // ]
    return { type: 'class', negated, items };
  }

  /** One class atom: a code point, or a class escape item. */
  private classAtom(): number | ClassItem {
    if (this.peek() !== '\\') return this.literalCodePoint();
    const e = this.peek(1);
    if (e === undefined) this.fail('"\\" at the end of the pattern');
    if (/[1-9]/.test(e) || e === 'k') throw new PatternRefusal('uses a backreference, which cannot be matched in linear time');
    if (e === 'B') this.fail('"\\B" in a character class');
    return this.classEscapeItem() ?? this.characterEscape(true);
  }
}

function checkNotSurrogate(cp: number): number {
  if (cp >= 0xd800 && cp <= 0xdfff)
    throw new PatternRefusal(`contains the lone surrogate U+${cp.toString(16).toUpperCase()}, which is not well-formed Unicode`);
  return cp;
}
