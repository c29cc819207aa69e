import {
  checkMessageForKeyKind,
  EXAMPLE_SEGMENT_PATCH,
  EXAMPLE_SERVER_MESSAGES,
  MAX_SERVER_FRAME_BYTES,
  parseServerMessage,
  type ServerMessage,
} from '@switchyard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkServedValues, MAX_FRAME_LENGTH, readServerFrame } from '../src/server-frame';

/** What core's zod parser plus the key-kind check make of a frame on a client-key connection. */
function coreAccepts(raw: string): boolean {
  const parsed = parseServerMessage(raw);
  return parsed.ok && checkMessageForKeyKind(parsed.message, 'client') === undefined;
}

const CLIENT_TYPES = ['ready', 'values', 'ping', 'pong', 'error', 'goaway'] as const;
const fullValues: ServerMessage = {
  type: 'values',
  version: 42,
  contextSeq: 0,
  full: true,
  values: {
    'new-checkout': { value: true, variant: 'on', reason: 'TARGETING_MATCH' },
    'banner-text': { value: 'Welcome', variant: 'default', reason: 'STATIC' },
    'max-items': { value: 10, reason: 'ERROR', errorCode: 'TYPE_MISMATCH' },
    layout: { value: { columns: [1, 2, { deep: null }] }, variant: 'grid', reason: 'SPLIT' },
    nothing: { value: null, reason: 'ERROR', errorCode: 'GENERAL' },
  },
};
const valid: ServerMessage[] = [...CLIENT_TYPES.map((t) => EXAMPLE_SERVER_MESSAGES[t]), fullValues];

/** Every way of breaking one field of a message: wrong types, bounds, and removal. */
const BAD_VALUES: unknown[] = [null, undefined, true, 'x', '', -1, 1.5, 2 ** 60, {}, [], 'a'.repeat(2_000), 'UPPER case', 599, 600_001, 300_001];

function mutations(message: ServerMessage): unknown[] {
  const out: unknown[] = [{ ...message, extra: 1 }, { ...message, type: 'nope' }];
  for (const field of Object.keys(message)) {
    if (field === 'type') continue;
    const { [field]: _dropped, ...rest } = message as unknown as Record<string, unknown>;
    out.push(rest);
    for (const bad of BAD_VALUES) out.push({ ...message, [field]: bad });
  }
  if (message.type === 'values') {
    const entry = message.values[Object.keys(message.values)[0]!]!;
    const withEntry = (e: unknown, key = 'new-checkout') => ({ ...message, values: { ...message.values, [key]: e } });
    out.push({ ...message, full: true, removed: ['x'] }, { ...message, full: false, removed: ['Bad Key'] });
    out.push(withEntry(entry, 'Not A Slug'), withEntry(entry, ''), withEntry(entry, 'a'.repeat(101)));
    for (const field of ['value', 'variant', 'reason', 'errorCode', 'rules', 'targets'])
      for (const bad of [...BAD_VALUES, 'NOT_A_REASON', { rules: [] }]) out.push(withEntry({ ...entry, [field]: bad }));
    const { value: _v, ...noValue } = entry;
    const { reason: _r, ...noReason } = entry;
    out.push(withEntry(noValue), withEntry(noReason));
  }
  return out;
}

describe('readServerFrame', () => {
  it('accepts every server message a client key gets, exactly as core parses it', () => {
    for (const message of valid) {
      const raw = JSON.stringify(message);
      const read = readServerFrame(raw);
      expect(read, raw).toEqual({ ok: true, message: JSON.parse(raw) });
      expect(coreAccepts(raw)).toBe(true);
    }
  });

  it('refuses the messages meant for server keys (rules never reach a browser)', () => {
    for (const message of [EXAMPLE_SERVER_MESSAGES.snapshot, EXAMPLE_SERVER_MESSAGES.patch, EXAMPLE_SEGMENT_PATCH, EXAMPLE_SERVER_MESSAGES.delete]) {
      const read = readServerFrame(JSON.stringify(message));
      expect(read.ok).toBe(false);
      expect(read.ok ? '' : read.error).toContain('not used with client keys');
    }
  });

  it('agrees with core on every mutation of every accepted message', () => {
    let refused = 0;
    for (const message of valid)
      for (const mutated of mutations(message)) {
        const raw = JSON.stringify(mutated);
        const ours = readServerFrame(raw).ok;
        expect(ours, raw.slice(0, 300)).toBe(coreAccepts(raw));
        if (!ours) refused++;
      }
    expect(refused).toBeGreaterThan(300);
  });

  it('refuses __proto__ keys and nesting deeper than 64 levels, like core', () => {
    const proto = '{"type":"values","version":1,"contextSeq":0,"full":true,"values":{"a":{"value":{"__proto__":{"x":1}},"variant":"v","reason":"STATIC"}}}';
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    const tooDeep = JSON.stringify({ type: 'values', version: 1, contextSeq: 0, full: true, values: { a: { value: deep, variant: 'v', reason: 'STATIC' } } });
    for (const raw of [proto, tooDeep, '{"type":"ping","__proto__":{}}', '{"type":"ping","toString":1}']) {
      expect(readServerFrame(raw).ok, raw.slice(0, 80)).toBe(false);
      expect(coreAccepts(raw)).toBe(false);
    }
  });

  it('agrees with core on randomly edited values messages', () => {
    const field = fc.constantFrom('version', 'contextSeq', 'full', 'values', 'removed', 'extra');
    fc.assert(
      fc.property(field, fc.jsonValue(), fc.boolean(), (name, value, full) => {
        const raw = JSON.stringify({ ...fullValues, full, [name]: value });
        expect(readServerFrame(raw).ok).toBe(coreAccepts(raw));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.anything()), (raw) => {
        const read = readServerFrame(raw);
        expect(typeof read.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
    for (const raw of [undefined, null, new Uint8Array([1]), '', '{', 'null', '[]', '"ping"', '{"type":{}}'])
      expect(readServerFrame(raw).ok).toBe(false);
  });

  it('bounds frames by core\'s MAX_SERVER_FRAME_BYTES', () => {
    expect(MAX_FRAME_LENGTH).toBe(MAX_SERVER_FRAME_BYTES);
    expect(readServerFrame(JSON.stringify({ type: 'ping' }), 10).ok).toBe(false);
  });
});

describe('checkServedValues (bootstraps and stored values)', () => {
  it('accepts a values map and names the first problem otherwise', () => {
    expect(checkServedValues(fullValues.type === 'values' ? fullValues.values : {})).toBeUndefined();
    expect(checkServedValues([])).toMatch(/must be an object/);
    expect(checkServedValues({ 'Bad Key': { value: 1, reason: 'STATIC' } })).toMatch(/not a valid flag key/);
    expect(checkServedValues({ a: { value: 1, reason: 'STATIC', rules: [] } })).toMatch(/rules: is not a known field/);
    expect(checkServedValues({ a: { reason: 'STATIC' } })).toMatch(/value: is missing/);
  });
});
