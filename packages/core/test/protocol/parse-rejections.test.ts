import { describe, it, expect } from 'vitest';
import {
  EXAMPLE_CLIENT_MESSAGES as C,
  EXAMPLE_SERVER_MESSAGES as S,
  PROTOCOL_LIMITS,
  closeReasonForParseError,
  parseClientMessage,
  parseServerMessage,
  type ProtocolParseError,
} from '../../src/protocol/index';

type Case = [name: string, frame: unknown, path: (string | number)[]];
const json = (value: unknown): string => JSON.stringify(value);

function refusal(result: ReturnType<typeof parseClientMessage> | ReturnType<typeof parseServerMessage>): ProtocolParseError {
  if (result.ok) throw new Error(`expected a refusal, got ${json(result.message)}`);
  return result.error;
}

const hello = C.hello;
const flag = S.snapshot.flags[0]!;
const manyAttributes = Object.fromEntries(Array.from({ length: PROTOCOL_LIMITS.contextAttributes + 1 }, (_, i) => [`a${i}`, i]));
const counter = C.summary.counters[0]!;

const clientCases: Case[] = [
  ['a number instead of text', 42, []],
  ['undefined', undefined, []],
  ['a binary frame', new Uint8Array([123, 125]), []],
  ['a JSON array', '[]', []],
  ['a JSON string', '"hello"', []],
  ['JSON null', 'null', []],
  ['no type', '{}', ['type']],
  ['a numeric type', json({ type: 1 }), ['type']],
  ['an unknown type', json({ type: 'migration-report' }), ['type']],
  ['a server type', json(S.ready), ['type']],
  ['an inherited type name', json({ type: 'toString' }), ['type']],
  ['hello: unknown field', json({ ...hello, token: 'x' }), ['token']],
  ['hello: __proto__ field', `{"type":"ping","__proto__":{"type":"hello"}}`, ['__proto__']],
  ['hello: protocol as a string', json({ ...hello, protocol: '1' }), ['protocol']],
  ['hello: fractional protocol', json({ ...hello, protocol: 1.5 }), ['protocol']],
  ['hello: no protocol', json({ ...hello, protocol: undefined }), ['protocol']],
  ['hello: no sdk', json({ ...hello, sdk: undefined }), ['sdk']],
  ['hello: sdk without name', json({ ...hello, sdk: { version: '1' } }), ['sdk', 'name']],
  ['hello: sdk with an unknown field', json({ ...hello, sdk: { ...hello.sdk, os: 'linux' } }), ['sdk', 'os']],
  ['hello: sdk version too long', json({ ...hello, sdk: { ...hello.sdk, version: 'v'.repeat(65) } }), ['sdk', 'version']],
  ['hello: no key', json({ ...hello, key: undefined }), ['key']],
  ['hello: empty key', json({ ...hello, key: '' }), ['key']],
  ['hello: key too long', json({ ...hello, key: 'k'.repeat(PROTOCOL_LIMITS.sdkKeyLength + 1) }), ['key']],
  ['hello: negative lastVersion', json({ ...hello, lastVersion: -1 }), ['lastVersion']],
  ['hello: fractional lastVersion', json({ ...hello, lastVersion: 1.5 }), ['lastVersion']],
  ['hello: context is a string', json({ ...hello, context: 'user-1' }), ['context']],
  ['hello: context is an array', json({ ...hello, context: ['user-1'] }), ['context']],
  ['hello: numeric context key', json({ ...hello, context: { key: 42 } }), ['context', 'key']],
  ['hello: numeric targetingKey', json({ ...hello, context: { targetingKey: false } }), ['context', 'targetingKey']],
  ['hello: too many attributes', json({ ...hello, context: manyAttributes }), ['context']],
  ['hello: attribute name too long', json({ ...hello, context: { ['a'.repeat(201)]: 1 } }), ['context', 'a'.repeat(201)]],
  ['hello: empty attribute name', json({ ...hello, context: { '': 1 } }), ['context', '']],
  ['hello: infinite number', `{"type":"hello","protocol":1,"sdk":{"name":"n","version":"1"},"key":"k","context":{"n":1e400}}`, ['context', 'n']],
  ['hello: context nested too deep', json({ ...hello, context: { a: nest(20) } }), ['context', 'a', ...zeros(14)]],
  ['hello: __proto__ attribute', `{"type":"context","seq":1,"context":{"__proto__":{"key":"admin"}}}`, ['context', '__proto__']],
  ['context: seq 0', json({ ...C.context, seq: 0 }), ['seq']],
  ['context: no context', json({ type: 'context', seq: 1 }), ['context']],
  ['ack: no version', json({ type: 'ack' }), ['version']],
  ['ack: version as a string', json({ type: 'ack', version: '4' }), ['version']],
  ['ack: unknown field', json({ type: 'ack', version: 4, all: true }), ['all']],
  ['ping: unknown field', json({ type: 'ping', ts: 1 }), ['ts']],
  ['pong: unknown field', json({ type: 'pong', id: 1 }), ['id']],
  ['summary: no startedAt', json({ ...C.summary, startedAt: undefined }), ['startedAt']],
  ['summary: ends before it starts', json({ ...C.summary, endedAt: C.summary.startedAt - 1 }), ['endedAt']],
  ['summary: counters not an array', json({ ...C.summary, counters: {} }), ['counters']],
  ['summary: too many counters', json({ ...C.summary, counters: Array(PROTOCOL_LIMITS.summaryCounters + 1).fill(counter) }), ['counters']],
  ['summary: zero count', json({ ...C.summary, counters: [{ ...counter, count: 0 }] }), ['counters', 0, 'count']],
  ['summary: fractional count', json({ ...C.summary, counters: [{ ...counter, count: 0.5 }] }), ['counters', 0, 'count']],
  ['summary: empty flag', json({ ...C.summary, counters: [{ ...counter, flag: '' }] }), ['counters', 0, 'flag']],
  ['summary: variant missing', json({ ...C.summary, counters: [{ ...counter, variant: undefined }] }), ['counters', 0, 'variant']],
  ['summary: unknown counter field', json({ ...C.summary, counters: [{ ...counter, reason: 'SPLIT' }] }), ['counters', 0, 'reason']],
];

const serverCases: Case[] = [
  ['a client type', json(C.hello), ['type']],
  ['ready: environment not a slug', json({ ...S.ready, environment: 'Production' }), ['environment']],
  ['ready: heartbeat too short', json({ ...S.ready, heartbeatMs: 10 }), ['heartbeatMs']],
  ['ready: empty connectionId', json({ ...S.ready, connectionId: '' }), ['connectionId']],
  ['snapshot: flags not an array', json({ ...S.snapshot, flags: {} }), ['flags']],
  ['snapshot: flag without rules', json({ ...S.snapshot, flags: [{ ...flag, rules: undefined }] }), ['flags', 0, 'rules']],
  ['snapshot: flag with a definition-only field', json({ ...S.snapshot, flags: [{ ...flag, owner: 'me' }] }), ['flags', 0, 'owner']],
  ['snapshot: rollout weights not 100%', json({ ...S.snapshot, flags: [{ ...flag, fallthrough: { rollout: { variations: [{ variation: 0, weight: 1 }] } } }] }), ['flags', 0, 'fallthrough', 'rollout', 'variations']],
  ['snapshot: segment without included', json({ ...S.snapshot, segments: [{ ...S.snapshot.segments[0], included: undefined }] }), ['segments', 0, 'included']],
  ['snapshot: no segments', json({ ...S.snapshot, segments: undefined }), ['segments']],
  ['patch: unknown kind', json({ ...S.patch, kind: 'rule' }), ['kind']],
  ['patch: key differs from data.key', json({ ...S.patch, key: 'other-flag' }), ['data', 'key']],
  ['patch: segment kind carrying a flag', json({ ...S.patch, kind: 'segment' }), ['data', 'name']],
  ['patch: no data', json({ ...S.patch, data: undefined }), ['data']],
  ['patch: no version', json({ ...S.patch, version: undefined }), ['version']],
  ['changes: no items', json({ ...S.changes, items: [] }), ['items']],
  ['changes: one item twice', json({ ...S.changes, items: [S.changes.items[0], S.changes.items[1], S.changes.items[0]] }), ['items', 2, 'key']],
  ['changes: an item\'s key differs from its data.key', json({ ...S.changes, items: [{ ...S.changes.items[1], key: 'other-flag' }] }), ['items', 0, 'data', 'key']],
  ['changes: an item with its own version', json({ ...S.changes, items: [{ ...S.changes.items[2], version: 3 }] }), ['items', 0, 'version']],
  ['changes: no version', json({ ...S.changes, version: undefined }), ['version']],
  ['delete: unknown kind', json({ ...S.delete, kind: 'environment' }), ['kind']],
  ['delete: key not a slug', json({ ...S.delete, key: 'Beta Testers' }), ['key']],
  ['delete: carries data', json({ ...S.delete, data: {} }), ['data']],
  ['values: rules beside the values', json({ ...S.values, rules: [] }), ['rules']],
  ['values: segments beside the values', json({ ...S.values, segments: [] }), ['segments']],
  ['values: rules inside a value', json({ ...S.values, values: { a: { value: 1, reason: 'STATIC', rules: [] } } }), ['values', 'a', 'rules']],
  ['values: a flag instead of a value', json({ ...S.values, values: { 'new-checkout': flag } }), ['values', 'new-checkout', 'value']],
  ['values: no value', json({ ...S.values, values: { a: { reason: 'STATIC' } } }), ['values', 'a', 'value']],
  ['values: unknown reason', json({ ...S.values, values: { a: { value: 1, reason: 'MAYBE' } } }), ['values', 'a', 'reason']],
  ['values: unknown errorCode', json({ ...S.values, values: { a: { value: 1, reason: 'ERROR', errorCode: 'OOPS' } } }), ['values', 'a', 'errorCode']],
  ['values: key not a slug', json({ ...S.values, values: { 'Bad Key': { value: 1, reason: 'STATIC' } } }), ['values', 'Bad Key']],
  ['values: removed with full', json({ ...S.values, full: true }), ['removed']],
  ['values: full missing', json({ ...S.values, full: undefined }), ['full']],
  ['values: contextSeq missing', json({ ...S.values, contextSeq: undefined }), ['contextSeq']],
  ['values: removed key not a slug', json({ ...S.values, removed: ['Old'] }), ['removed', 0]],
  ['error: unknown code', json({ ...S.error, code: 'oops' }), ['code']],
  ['error: no retry', json({ ...S.error, retry: undefined }), ['retry']],
  ['error: message too long', json({ ...S.error, message: 'm'.repeat(PROTOCOL_LIMITS.messageLength + 1) }), ['message']],
  ['goaway: negative delay', json({ type: 'goaway', retryAfterMs: -1 }), ['retryAfterMs']],
  ['goaway: delay too long', json({ type: 'goaway', retryAfterMs: PROTOCOL_LIMITS.maxRetryAfterMs + 1 }), ['retryAfterMs']],
  ['server JSON nested too deep', json({ ...S.values, values: { a: { value: nest(70), reason: 'STATIC' } } }), ['values', 'a', 'value', ...zeros(61)]],
];

/** Path steps into nested arrays. With `context.a` at level 3, the first refused array (level 17) is 14 steps in. */
function zeros(n: number): number[] {
  return Array<number>(n).fill(0);
}

function nest(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('parseClientMessage refuses malformed frames, naming the path', () => {
  it.each(clientCases)('%s', (_name, frame, path) => {
    const error = refusal(parseClientMessage(frame));
    expect(error).toMatchObject({ code: 'invalid', path });
    expect(error.message.length).toBeGreaterThan(0);
  });
});

describe('parseServerMessage refuses malformed frames, naming the path', () => {
  it.each(serverCases)('%s', (_name, frame, path) => {
    expect(refusal(parseServerMessage(frame))).toMatchObject({ code: 'invalid', path });
  });
});

describe('error codes', () => {
  it('not-json for text that is not JSON', () => {
    for (const frame of ['', 'hello', '{', '{"type":"ping",}', "{'type':'ping'}"])
      expect(refusal(parseClientMessage(frame))).toEqual({ code: 'not-json', message: 'frame is not valid JSON' });
  });

  it('unsupported-protocol for a hello of another version, before looking at the rest of it', () => {
    const error = refusal(parseClientMessage(json({ type: 'hello', protocol: 3, auth: { token: 'x' } })));
    expect(error).toMatchObject({ code: 'unsupported-protocol', path: ['protocol'] });
    expect(closeReasonForParseError(error)).toBe('unsupported-protocol');
  });

  it('the message names the path in readable form', () => {
    const error = refusal(parseClientMessage(json({ ...C.summary, counters: [{ ...counter, count: 0 }] })));
    expect(error.message).toMatch(/^counters\[0\]\.count: /);
  });

  it('maps each error to the close reason the server uses', () => {
    expect(closeReasonForParseError({ code: 'too-large', message: '' })).toBe('limit-exceeded');
    expect(closeReasonForParseError({ code: 'not-json', message: '' })).toBe('bad-message');
    expect(closeReasonForParseError({ code: 'invalid', message: '' })).toBe('bad-message');
  });
});
