import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  EXAMPLE_CLIENT_MESSAGES,
  EXAMPLE_SEGMENT_PATCH,
  EXAMPLE_SERVER_MESSAGES,
  encode,
  parseClientMessage,
  parseServerMessage,
  type ProtocolParseResult,
} from '../../src/protocol/index';
import { MAX_JSON_DEPTH } from '../../src/model/json';

const RUNS = { numRuns: 1_000 };
const ERROR_CODES = ['too-large', 'not-json', 'invalid', 'unsupported-protocol'];
const parsers = [parseClientMessage, parseServerMessage] as const;

/** A result is well formed: ok with a message, or a refusal with a known code and a message. */
function expectWellFormed(result: ProtocolParseResult<unknown>): void {
  if (result.ok) {
    expect(typeof result.message).toBe('object');
    return;
  }
  expect(ERROR_CODES).toContain(result.error.code);
  expect(typeof result.error.message).toBe('string');
  // The parser's last-resort catch must never be what answered: validation itself did not throw.
  expect(result.error.message).not.toBe('could not be validated');
  if (result.error.path !== undefined) for (const p of result.error.path) expect(['string', 'number']).toContain(typeof p);
}

/** Both parsers, on one frame: never throw, always well formed; an accepted frame is returned as parsed. */
function check(frame: unknown): void {
  for (const parse of parsers) {
    const result = parse(frame);
    expectWellFormed(result);
    if (result.ok) expect(result.message).toEqual(JSON.parse(frame as string));
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Step = string | number;

/** Every path to a node of a JSON value, the root included. */
function pathsOf(value: Json, prefix: Step[] = []): Step[][] {
  const paths: Step[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => paths.push(...pathsOf(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths.push(...pathsOf(v, [...prefix, k]));
  return paths;
}

type Mutation = { kind: 'replace'; value: Json } | { kind: 'delete' } | { kind: 'add'; key: string; value: Json };

/** Apply one mutation at `path` (a copy is mutated; the root can only be replaced). */
function mutate(message: Json, path: Step[], mutation: Mutation): Json {
  const root = structuredClone(message);
  if (path.length === 0) return mutation.kind === 'replace' ? mutation.value : root;
  let parent = root as Record<Step, Json>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<Step, Json>;
  const last = path[path.length - 1]!;
  if (mutation.kind === 'replace') parent[last] = mutation.value;
  else if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) target[mutation.key] = mutation.value;
    else if (Array.isArray(target)) target.push(mutation.value);
    else parent[last] = mutation.value;
  }
  return root;
}

const examples: Json[] = [...Object.values(EXAMPLE_CLIENT_MESSAGES), ...Object.values(EXAMPLE_SERVER_MESSAGES), EXAMPLE_SEGMENT_PATCH].map(
  (m) => JSON.parse(encode(m)) as Json,
);

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), value: fc.jsonValue() as fc.Arbitrary<Json> }),
  fc.constant({ kind: 'delete' as const }),
  fc.record({
    kind: fc.constant('add' as const),
    key: fc.oneof(fc.string(), fc.constantFrom('type', 'rules', 'segments', '__proto__', 'constructor', 'version')),
    value: fc.jsonValue() as fc.Arbitrary<Json>,
  }),
);

describe('the parsers never throw', () => {
  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), check), RUNS);
  });

  it('on arbitrary JSON text', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => check(JSON.stringify(value))), RUNS);
  });

  it('on arbitrary objects with a real message type', () => {
    const type = fc.constantFrom(...Object.keys(EXAMPLE_CLIENT_MESSAGES), ...Object.keys(EXAMPLE_SERVER_MESSAGES));
    fc.assert(
      fc.property(type, fc.dictionary(fc.string(), fc.jsonValue()), (t, rest) => check(JSON.stringify({ ...rest, type: t }))),
      RUNS,
    );
  });

  it('on anything that is not a string, which is always invalid', () => {
    fc.assert(
      fc.property(
        fc.anything().filter((v) => typeof v !== 'string'),
        (value) => {
          for (const parse of parsers) expect(parse(value)).toMatchObject({ ok: false, error: { code: 'invalid', path: [] } });
        },
      ),
      RUNS,
    );
  });

  it('on valid messages with one field replaced, deleted or added', () => {
    const arb = fc
      .nat({ max: examples.length - 1 })
      .chain((i) => fc.tuple(fc.constant(examples[i]!), fc.constantFrom(...pathsOf(examples[i]!)), mutationArb));
    fc.assert(
      fc.property(arb, ([message, path, mutation]) => {
        const mutated = mutate(message, path, mutation);
        check(JSON.stringify(mutated));
      }),
      { numRuns: 3_000 },
    );
  });

  it('on valid messages with several fields mutated', () => {
    const arb = fc
      .nat({ max: examples.length - 1 })
      .chain((i) =>
        fc.tuple(fc.constant(examples[i]!), fc.array(fc.tuple(fc.constantFrom(...pathsOf(examples[i]!)), mutationArb), { minLength: 2, maxLength: 5 })),
      );
    fc.assert(
      fc.property(arb, ([message, mutations]) => {
        let mutated: Json = message;
        for (const [path, mutation] of mutations) {
          try {
            mutated = mutate(mutated, path, mutation);
          } catch {
            // An earlier mutation removed this path's parent: skip this one.
          }
        }
        check(JSON.stringify(mutated));
      }),
      RUNS,
    );
  });

  it('on deeply nested JSON, which validators would otherwise overflow on', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('[', '{"a":'), (depth, open) => {
        const close = open === '[' ? ']' : '}';
        const inner = `${open.repeat(depth)}1${close.repeat(depth)}`;
        const hello = `{"type":"hello","protocol":1,"sdk":{"name":"n","version":"1"},"key":"k","context":{"x":${inner}}}`;
        const values = `{"type":"values","version":1,"contextSeq":0,"full":true,"values":{"a":{"value":${inner},"reason":"STATIC"}}}`;
        check(hello);
        check(values);
        // The nested containers start at level 3 in the hello (message, context) and 4 in the values.
        expect(parseClientMessage(hello).ok).toBe(depth <= 16 - 2);
        // A served value is also bounded by the model's MAX_JSON_DEPTH (it was a stored variation).
        expect(parseServerMessage(values).ok).toBe(depth <= Math.min(64 - 3, MAX_JSON_DEPTH));
      }),
      { numRuns: 100 },
    );
  });
});
