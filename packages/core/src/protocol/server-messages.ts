import { z } from 'zod';
import { ERROR_CODES, EVALUATION_REASONS, type ErrorCode, type EvaluationReason } from '../evaluation/result';
import type { EvaluableFlag } from '../model/evaluable-flag';
import { jsonValueSchema, type JsonValue } from '../model/json';
import { keySchema } from '../model/keys';
import { segmentSchema, type Segment } from '../model/segment';
import { pingSchema, pongSchema, type PingMessage, type PongMessage } from './client-messages';
import { SWITCHYARD_CLOSE_REASONS, type SwitchyardCloseReason } from './close-codes';
import { MAX_HEARTBEAT_MS, MIN_HEARTBEAT_MS } from './connection';
import { evaluableFlagWireSchema } from './evaluable-flag-schema';
import { PROTOCOL_LIMITS } from './limits';

/** The server accepted `hello`. What follows depends on the key kind and on `hello.lastVersion`. */
export interface ReadyMessage {
  type: 'ready';
  /** The environment the key belongs to. */
  environment: string;
  /** The environment's current version: the client is in sync once it has applied this version. */
  version: number;
  /** Both sides send `ping` this often; silence for twice as long means the peer is gone. */
  heartbeatMs: number;
  /** Identifies this connection in server logs and the UI; quote it when reporting problems. */
  connectionId: string;
}

/** A server SDK's full rule set at `version`: replaces everything it holds. */
export interface SnapshotMessage {
  type: 'snapshot';
  version: number;
  flags: EvaluableFlag[];
  segments: Segment[];
}

/** What a change is about. */
export type ItemKind = 'flag' | 'segment';

/** Upsert of one flag or segment, committed at environment version `version` (server keys). */
export type PatchMessage =
  | { type: 'patch'; version: number; kind: 'flag'; key: string; data: EvaluableFlag }
  | { type: 'patch'; version: number; kind: 'segment'; key: string; data: Segment };

/** Removal of one flag or segment, committed at environment version `version` (server keys). */
export interface DeleteMessage {
  type: 'delete';
  version: number;
  kind: ItemKind;
  key: string;
}

/** One item of a `changes` message: a `patch` or a `delete` without its own version. */
export type ChangeItemMessage = Omit<PatchMessage, 'version'> | Omit<DeleteMessage, 'version'>;

/**
 * Several flags and segments changed at one environment version (server keys, protocol 2): a plan
 * applied as one unit. The SDK applies every item, in order, before evaluating again, and classifies
 * the message's version once, as it would a `patch`. Each item appears at most once.
 */
export interface ChangesMessage {
  type: 'changes';
  version: number;
  items: ChangeItemMessage[];
}

/**
 * One flag's value for the browser's context, evaluated by the server. Deliberately nothing
 * else: the schema is strict, so rules, targets and segments have no room here.
 */
export interface ServedValue {
  value: JsonValue;
  variant?: string;
  reason: EvaluationReason;
  errorCode?: ErrorCode;
}

/**
 * Values of the client-side flags for the browser's context (client keys).
 * `full: true` replaces every value held; `full: false` carries only the values that changed and,
 * in `removed`, the keys of flags that are gone (deleted, archived or no longer client-side).
 */
export interface ValuesMessage {
  type: 'values';
  /** The environment version the values were evaluated at. */
  version: number;
  /** The `seq` of the context the values are for: 0 for the hello's context. */
  contextSeq: number;
  full: boolean;
  values: Record<string, ServedValue>;
  /** Only with `full: false`. */
  removed?: string[];
}

/** Why the server is about to close the connection; always followed by a close with that code. */
export interface ErrorMessage {
  type: 'error';
  code: SwitchyardCloseReason;
  message: string;
  /** Whether reconnecting can succeed (mirrors the close code's retry policy). */
  retry: boolean;
  /** For `bad-message`: where in the client's message the problem is. */
  path?: (string | number)[];
}

/** The server is shutting down: reconnect (to another replica) after `retryAfterMs`. A 4012 close follows. */
export interface GoawayMessage {
  type: 'goaway';
  retryAfterMs: number;
}

/** Every message the server sends to a client. */
export type ServerMessage =
  | ReadyMessage
  | SnapshotMessage
  | PatchMessage
  | DeleteMessage
  | ChangesMessage
  | ValuesMessage
  | PingMessage
  | PongMessage
  | ErrorMessage
  | GoawayMessage;
/** The `type` of a server message. */
export type ServerMessageType = ServerMessage['type'];

const version = z.number().int('must be an integer').min(0, 'must be 0 or more');
const bounded = (max: number) => z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const flagCount = PROTOCOL_LIMITS.flagsPerEnvironment;

const readySchema: z.ZodType<ReadyMessage> = z.strictObject({
  type: z.literal('ready'),
  environment: keySchema,
  version,
  heartbeatMs: z.number().int('must be an integer').min(MIN_HEARTBEAT_MS).max(MAX_HEARTBEAT_MS),
  connectionId: bounded(PROTOCOL_LIMITS.connectionIdLength),
});

const snapshotSchema: z.ZodType<SnapshotMessage> = z.strictObject({
  type: z.literal('snapshot'),
  version,
  flags: z.array(evaluableFlagWireSchema).max(flagCount, `must have at most ${flagCount} flags`),
  segments: z
    .array(segmentSchema)
    .max(PROTOCOL_LIMITS.segmentsPerEnvironment, `must have at most ${PROTOCOL_LIMITS.segmentsPerEnvironment} segments`),
});

const patchSchema: z.ZodType<PatchMessage> = z
  .discriminatedUnion('kind', [
    z.strictObject({ type: z.literal('patch'), version, kind: z.literal('flag'), key: keySchema, data: evaluableFlagWireSchema }),
    z.strictObject({ type: z.literal('patch'), version, kind: z.literal('segment'), key: keySchema, data: segmentSchema }),
  ])
  .refine((p) => p.data.key === p.key, { path: ['data', 'key'], message: 'must equal the patch key' });

const deleteSchema: z.ZodType<DeleteMessage> = z.strictObject({
  type: z.literal('delete'),
  version,
  kind: z.enum(['flag', 'segment']),
  key: keySchema,
});

const changeItemSchema = z.union([
  z.strictObject({ type: z.literal('patch'), kind: z.literal('flag'), key: keySchema, data: evaluableFlagWireSchema }),
  z.strictObject({ type: z.literal('patch'), kind: z.literal('segment'), key: keySchema, data: segmentSchema }),
  z.strictObject({ type: z.literal('delete'), kind: z.enum(['flag', 'segment']), key: keySchema }),
]);

const itemCount = PROTOCOL_LIMITS.flagsPerEnvironment + PROTOCOL_LIMITS.segmentsPerEnvironment;
const changesSchema: z.ZodType<ChangesMessage> = z
  .strictObject({
    type: z.literal('changes'),
    version,
    items: z.array(changeItemSchema).min(1, 'must not be empty').max(itemCount, `must have at most ${itemCount} items`),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.items.forEach((item, i) => {
      if ('data' in item && item.data.key !== item.key) ctx.addIssue({ code: 'custom', path: ['items', i, 'data', 'key'], message: 'must equal the item key' });
      const id = `${item.kind}:${item.key}`;
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'key'], message: `names ${item.kind} ${item.key} a second time` });
      seen.add(id);
    });
  });

const servedValueSchema = z.strictObject({
  value: jsonValueSchema,
  variant: bounded(PROTOCOL_LIMITS.variantLength).optional(),
  reason: z.enum(EVALUATION_REASONS),
  errorCode: z.enum(ERROR_CODES).optional(),
});

const valuesSchema: z.ZodType<ValuesMessage> = z
  .strictObject({
    type: z.literal('values'),
    version,
    contextSeq: z.number().int('must be an integer').min(0, 'must be 0 or more'),
    full: z.boolean(),
    values: z
      .record(keySchema, servedValueSchema)
      .refine((v) => Object.keys(v).length <= flagCount, `must have at most ${flagCount} values`),
    removed: z.array(keySchema).max(flagCount, `must have at most ${flagCount} keys`).optional(),
  })
  .refine((m) => !(m.full && m.removed !== undefined), { path: ['removed'], message: 'is only allowed when full is false' });

const errorSchema: z.ZodType<ErrorMessage> = z.strictObject({
  type: z.literal('error'),
  code: z.enum(SWITCHYARD_CLOSE_REASONS),
  message: z.string().max(PROTOCOL_LIMITS.messageLength, `must be at most ${PROTOCOL_LIMITS.messageLength} characters`),
  retry: z.boolean(),
  path: z
    .array(z.union([z.string().max(PROTOCOL_LIMITS.contextAttributeLength), z.number().int().min(0)]))
    .max(PROTOCOL_LIMITS.errorPathLength)
    .optional(),
});

const goawaySchema: z.ZodType<GoawayMessage> = z.strictObject({
  type: z.literal('goaway'),
  retryAfterMs: z.number().int('must be an integer').min(0, 'must be 0 or more').max(PROTOCOL_LIMITS.maxRetryAfterMs),
});

/** The schema of each server message, by type. The parser picks one by `type` before validating. */
export const SERVER_MESSAGE_SCHEMAS: { readonly [T in ServerMessageType]: z.ZodType<Extract<ServerMessage, { type: T }>> } = {
  ready: readySchema,
  snapshot: snapshotSchema,
  patch: patchSchema,
  delete: deleteSchema,
  changes: changesSchema,
  values: valuesSchema,
  ping: pingSchema,
  pong: pongSchema,
  error: errorSchema,
  goaway: goawaySchema,
};

/** Every server message type. */
export const SERVER_MESSAGE_TYPES = Object.keys(SERVER_MESSAGE_SCHEMAS) as ServerMessageType[];
