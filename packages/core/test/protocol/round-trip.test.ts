import { describe, it, expect, expectTypeOf } from 'vitest';
import type { z } from 'zod';
import {
  CLIENT_MESSAGE_TYPES,
  EXAMPLE_CLIENT_MESSAGES,
  EXAMPLE_SEGMENT_PATCH,
  EXAMPLE_SERVER_MESSAGES,
  SERVER_MESSAGE_TYPES,
  encode,
  evaluableFlagWireSchema,
  parseClientMessage,
  parseServerMessage,
  type ClientMessage,
  type ServerMessage,
} from '../../src/protocol/index';
import { toEvaluableFlag, type EvaluableFlag } from '../../src/model/evaluable-flag';
import type { FlagDefinition } from '../../src/model/flag';
import type { EnvironmentConfig } from '../../src/model/environment-config';

describe('round trip: parse(encode(message)) returns the message', () => {
  it.each(CLIENT_MESSAGE_TYPES)('client %s', (type) => {
    const message: ClientMessage = EXAMPLE_CLIENT_MESSAGES[type];
    expect(parseClientMessage(encode(message))).toEqual({ ok: true, message });
  });

  it.each(SERVER_MESSAGE_TYPES)('server %s', (type) => {
    const message: ServerMessage = EXAMPLE_SERVER_MESSAGES[type];
    expect(parseServerMessage(encode(message))).toEqual({ ok: true, message });
  });

  it('server patch of a segment', () => {
    expect(parseServerMessage(encode(EXAMPLE_SEGMENT_PATCH))).toEqual({ ok: true, message: EXAMPLE_SEGMENT_PATCH });
  });

  it('minimal forms: optional fields absent', () => {
    const messages: ClientMessage[] = [
      { type: 'hello', protocol: 1, sdk: { name: '@switchyard/sdk-node', version: '0.1.0' }, key: 'srv-1' },
      { type: 'summary', startedAt: 5, endedAt: 5, counters: [] },
      { type: 'context', seq: 7, context: {} },
    ];
    for (const message of messages) expect(parseClientMessage(encode(message))).toEqual({ ok: true, message });
    const server: ServerMessage[] = [
      { type: 'snapshot', version: 0, flags: [], segments: [] },
      { type: 'values', version: 3, contextSeq: 1, full: true, values: {} },
      { type: 'values', version: 3, contextSeq: 1, full: false, values: { a: { value: null, reason: 'ERROR', errorCode: 'GENERAL' } } },
      { type: 'error', code: 'key-revoked', message: '', retry: false },
      { type: 'delete', version: 1, kind: 'flag', key: 'a' },
    ];
    for (const message of server) expect(parseServerMessage(encode(message))).toEqual({ ok: true, message });
  });

  it('each direction accepts only its own message types', () => {
    expect(parseServerMessage(encode(EXAMPLE_CLIENT_MESSAGES.hello)).ok).toBe(false);
    expect(parseClientMessage(encode(EXAMPLE_SERVER_MESSAGES.snapshot)).ok).toBe(false);
  });
});

describe('evaluableFlagWireSchema', () => {
  const definition: FlagDefinition = {
    key: 'dark-mode',
    name: 'Dark mode',
    description: '',
    type: 'release',
    owner: 'web-team',
    tags: ['ui'],
    createdAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2026-02-10T00:00:00.000Z',
    variationType: 'string',
    variations: [
      { name: 'light', value: 'light' },
      { name: 'dark', value: 'dark' },
    ],
    offVariation: 0,
    clientSide: true,
    archivedAt: null,
    version: 4,
  };
  const config: EnvironmentConfig = {
    enabled: true,
    killed: { by: 'ops@example.com', at: '2026-01-02T00:00:00Z', reason: 'incident 12' },
    targets: [],
    rules: [],
    fallthrough: { variation: 1 },
    prerequisites: [{ flag: 'base-theme', variation: 0 }],
    version: 17,
  };

  it('accepts exactly what the model produces with toEvaluableFlag', () => {
    const flag = toEvaluableFlag(definition, config);
    expect(evaluableFlagWireSchema.safeParse(flag)).toEqual({ success: true, data: flag });
  });

  it('rejects definition-only fields: the wire carries the evaluable form only', () => {
    const result = evaluableFlagWireSchema.safeParse({ ...toEvaluableFlag(definition, config), owner: 'web-team' });
    expect(result.success).toBe(false);
  });

  it('has the EvaluableFlag type', () => {
    expectTypeOf<z.output<typeof evaluableFlagWireSchema>>().toEqualTypeOf<EvaluableFlag>();
  });
});
