import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asStoredText, findTextProblem, isBlankText, isWellFormedText, TEXT_PROBLEMS, textProblem } from '../../src/model/text';
import { EXAMPLE_CLIENT_MESSAGES, parseClientMessage } from '../../src/protocol/index';

/** An unpaired surrogate inside ASCII text (so nothing can pair it). */
const unstorable = fc
  .tuple(fc.string({ maxLength: 6 }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string({ maxLength: 6 }))
  .map(([a, unit, b]) => `${a}${String.fromCharCode(unit)}${b}`);

/** What a UTF-8 database gives back for `text`: encoded and decoded, as both drivers do. */
const roundTrip = (text: string) => new TextDecoder().decode(new TextEncoder().encode(text));

describe('text a database stores as sent', () => {
  it('refuses an unpaired surrogate, high or low, anywhere, and NUL; accepts whole pairs', () => {
    for (const bad of ['\ud800', '\udbff', '\udc00', '\udfff', 'a\ud83d', '\ude00b', '\ude00\ud83d']) expect(textProblem(bad), JSON.stringify(bad)).toBe(TEXT_PROBLEMS.surrogate);
    expect(textProblem('a\u0000b')).toBe(TEXT_PROBLEMS.nul);
    for (const good of ['', 'plain', '🔥', 'a\ud83d\ude00b', 'Ω≈ç√', '\ufffd']) expect(textProblem(good), good).toBeUndefined();
  });

  it('well-formed text survives a UTF-8 round trip unchanged; unstorable text does not', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => isWellFormedText(text) && roundTrip(text) === text));
    fc.assert(fc.property(unstorable, (text) => !isWellFormedText(text) && roundTrip(text) !== text));
  });

  it('asStoredText is the value a UTF-8 database keeps: what the audit chain hashes', () => {
    fc.assert(fc.property(fc.oneof(unstorable, fc.string({ unit: 'binary' })), (text) => asStoredText(text) === roundTrip(text)));
  });

  it('findTextProblem names the first unstorable string or field name, however deep', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), unstorable, fc.nat(), (value, bad, pick) => {
        // Put the bad text at one string leaf (or as a key) of a JSON value, and find it there.
        const holder = { list: [value, { [pick % 2 === 0 ? 'field' : bad]: pick % 2 === 0 ? bad : 1 }] };
        const found = findTextProblem(holder);
        if (findTextProblem(value)) return found !== undefined && found.path[0] === 'list' && found.path[1] === 0;
        return found !== undefined && JSON.stringify(found.path) === JSON.stringify(['list', 1, pick % 2 === 0 ? 'field' : bad]) && found.message === TEXT_PROBLEMS.surrogate;
      }),
    );
  });

  it('refuses it in every string of every client message, naming the field', () => {
    /** Every string leaf of a value, with its path. */
    const leaves = (value: unknown, path: (string | number)[] = []): (string | number)[][] =>
      typeof value === 'string' ? [path] : value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, Array.isArray(value) ? Number(k) : k])) : [];
    let checked = 0;
    for (const message of Object.values(EXAMPLE_CLIENT_MESSAGES)) {
      for (const path of leaves(message).filter((p) => p[0] !== 'type')) {
        const broken = structuredClone(message) as Record<string | number, any>;
        let at = broken;
        for (const step of path.slice(0, -1)) at = at[step];
        at[path[path.length - 1]!] = `x\udc01`;
        const result = parseClientMessage(JSON.stringify(broken));
        expect(result.ok, JSON.stringify(path)).toBe(false);
        if (!result.ok) expect(result.error).toMatchObject({ code: 'invalid', path });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(8);
  });
});

describe('blank text', () => {
  it.each([
    ['empty', ''],
    ['spaces', '   '],
    ['tab and line breaks', '\t\r\n'],
    ['no-break space', '\u00a0'],
    ['zero-width space', '\u200b'],
    ['zero-width joiners', '\u200c\u200d'],
    ['word joiner and BOM', '\u2060\ufeff'],
    ['ideographic and em spaces', '\u3000\u2003'],
    ['line and paragraph separators', '\u2028\u2029'],
    ['direction marks', '\u200e\u200f'],
    ['soft hyphen', '\u00ad'],
    ['Hangul fillers', '\u3164\u115f\u1160'],
    ['Mongolian vowel separator', '\u180e'],
    ['variation selector', '\ufe0f'],
    ['braille blank', '\u2800'],
  ])('%s is blank', (_name, text) => {
    expect(isBlankText(text)).toBe(true);
  });

  it.each([['a'], [' a '], ['\u00a0team\u00a0'], ['é'], ['🔥'], ['_'], ['-']])('%j is not', (text) => {
    expect(isBlankText(text)).toBe(false);
  });
});
