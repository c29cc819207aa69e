import type { EvaluableFlag } from '../model/evaluable-flag';
import type { Segment } from '../model/segment';
import type { ClientMessageType, ClientMessage } from './client-messages';
import { PROTOCOL_VERSION } from './connection';
import type { ServerMessage, ServerMessageType } from './server-messages';

const flag: EvaluableFlag = {
  key: 'new-checkout',
  type: 'release',
  variationType: 'boolean',
  variations: [
    { name: 'off', value: false },
    { name: 'on', value: true },
  ],
  offVariation: 0,
  clientSide: true,
  enabled: true,
  killed: null,
  targets: [{ variation: 1, values: ['user-42'] }],
  rules: [{ id: 'beta', clauses: [{ attribute: 'beta', op: 'segmentMatch', values: ['beta-testers'] }], serve: { variation: 1 } }],
  fallthrough: { rollout: { variations: [{ variation: 0, weight: 90_000 }, { variation: 1, weight: 10_000 }] } },
  prerequisites: [],
  version: 42,
};

const segment: Segment = {
  key: 'beta-testers',
  name: 'Beta testers',
  description: 'Customers who opted in to the beta.',
  included: ['user-7'],
  excluded: [],
  rules: [{ clauses: [{ attribute: 'plan', op: 'in', values: ['enterprise'] }] }],
  version: 3,
};

/**
 * One valid example of every client message, by type: for tests, fakes and the docs.
 * Each parses with `parseClientMessage(encode(example))` to itself.
 */
export const EXAMPLE_CLIENT_MESSAGES: { readonly [T in ClientMessageType]: Extract<ClientMessage, { type: T }> } = {
  hello: {
    type: 'hello',
    protocol: PROTOCOL_VERSION,
    sdk: { name: '@switchyard/sdk-browser', version: '0.1.0' },
    key: 'cli-7f3a9c',
    lastVersion: 41,
    context: { key: 'user-42', plan: 'enterprise', country: 'NL' },
  },
  context: { type: 'context', seq: 1, context: { key: 'user-43', plan: 'free' } },
  ack: { type: 'ack', version: 42 },
  ping: { type: 'ping' },
  pong: { type: 'pong' },
  summary: {
    type: 'summary',
    startedAt: 1_764_151_200_000,
    endedAt: 1_764_151_260_000,
    counters: [
      { flag: 'new-checkout', variant: 'on', count: 120, version: 42 },
      { flag: 'new-checkout', variant: 'off', count: 1_080, version: 42 },
      { flag: 'no-such-flag', variant: null, count: 3 },
    ],
  },
};

/**
 * One valid example of every server message, by type (for `patch`, the flag form).
 * Each parses with `parseServerMessage(encode(example))` to itself.
 */
export const EXAMPLE_SERVER_MESSAGES: { readonly [T in ServerMessageType]: Extract<ServerMessage, { type: T }> } = {
  ready: { type: 'ready', environment: 'production', version: 42, heartbeatMs: 15_000, connectionId: 'c-01J9Z6' },
  snapshot: { type: 'snapshot', version: 42, flags: [flag], segments: [segment] },
  patch: { type: 'patch', version: 43, kind: 'flag', key: 'new-checkout', data: { ...flag, enabled: false, version: 43 } },
  delete: { type: 'delete', version: 44, kind: 'segment', key: 'beta-testers' },
  changes: {
    type: 'changes',
    version: 45,
    items: [
      { type: 'patch', kind: 'segment', key: 'beta-testers', data: { ...segment, version: 4 } },
      { type: 'patch', kind: 'flag', key: 'new-checkout', data: { ...flag, enabled: true, version: 45 } },
      { type: 'delete', kind: 'flag', key: 'old-banner' },
    ],
  },
  values: {
    type: 'values',
    version: 44,
    contextSeq: 0,
    full: false,
    values: { 'new-checkout': { value: true, variant: 'on', reason: 'TARGETING_MATCH' } },
    removed: ['old-banner'],
  },
  ping: { type: 'ping' },
  pong: { type: 'pong' },
  error: { type: 'error', code: 'bad-message', message: 'counters[0].count: must be 1 or more', retry: true, path: ['counters', 0, 'count'] },
  goaway: { type: 'goaway', retryAfterMs: 2_500 },
};

/** A segment `patch`, the other form of the message. */
export const EXAMPLE_SEGMENT_PATCH: ServerMessage = { type: 'patch', version: 45, kind: 'segment', key: 'beta-testers', data: { ...segment, version: 4 } };
