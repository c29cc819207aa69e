import { z } from 'zod';
import type { EvaluationContext } from '../model/context';
import { LIMITS } from '../model/limits';
import { contextWireSchema } from './context-schema';
import { PROTOCOL_LIMITS } from './limits';

/** The SDK that opened the connection, for the server's connection list and metrics. */
export interface SdkInfo {
  /** e.g. `@switchyard/sdk-node`. */
  name: string;
  /** The SDK's own version, e.g. `1.4.0`. */
  version: string;
}

/**
 * First message on every connection: authenticates with the SDK key and says where to resume.
 * `context` is required with a client key (browser) and forbidden with a server key; the parser
 * cannot know the key's kind, so the server checks it with `checkMessageForKeyKind` after looking
 * the key up.
 */
export interface HelloMessage {
  type: 'hello';
  /** The protocol version the client speaks: `PROTOCOL_VERSION`. */
  protocol: number;
  sdk: SdkInfo;
  /** The SDK key. Never in the URL. */
  key: string;
  /** The last environment version the client applied, to resume from. Omitted on first connect. */
  lastVersion?: number;
  /** The evaluation context (client keys only). */
  context?: EvaluationContext;
}

/**
 * A browser SDK's `identify`: evaluate for this context from now on. The server answers with a
 * full `values` message whose `contextSeq` is this `seq`.
 */
export interface ContextMessage {
  type: 'context';
  /** Per connection, strictly increasing from 1 (the hello's context is 0). */
  seq: number;
  context: EvaluationContext;
}

/** The client has applied everything up to and including `version`. */
export interface AckMessage {
  type: 'ack';
  version: number;
}

/** Heartbeat: the receiver answers with `pong`. Sent by both sides every `heartbeatMs`. */
export interface PingMessage {
  type: 'ping';
}

/** Answer to `ping`. */
export interface PongMessage {
  type: 'pong';
}

/** How many times one flag served one variant during a summary window. */
export interface SummaryCounter {
  /** The flag key the application asked for (it may not exist, hence not necessarily a slug). */
  flag: string;
  /** The variation name served; `null` when the caller's default was served (e.g. FLAG_NOT_FOUND). */
  variant: string | null;
  count: number;
  /** The flag's version when evaluated, when known. */
  version?: number;
}

/**
 * What the application tracked for one flag's variation during a summary window (`client.track`):
 * calls, of which failed, and the latency of those timed. Release-plan gates compare these per arm.
 */
export interface SummarySignal {
  flag: string;
  /** The variation name the context was served when the call was tracked. */
  variant: string;
  count: number;
  errors: number;
  /** Sum of the timed calls' latencies, in ms. */
  latencySumMs: number;
  /** Calls tracked with a latency. */
  timed: number;
}

/**
 * Evaluation counts over a window. At most {@link PROTOCOL_LIMITS.summaryCounters} counters per
 * message: an SDK with more splits them over several summaries for the same window.
 */
export interface SummaryMessage {
  type: 'summary';
  /** Window start, epoch milliseconds. */
  startedAt: number;
  /** Window end, epoch milliseconds, not before `startedAt`. */
  endedAt: number;
  counters: SummaryCounter[];
  /** Tracked calls per flag and variation (absent when none were tracked). */
  signals?: SummarySignal[];
}

/** Every message a client (SDK) sends to the server. */
export type ClientMessage = HelloMessage | ContextMessage | AckMessage | PingMessage | PongMessage | SummaryMessage;
/** The `type` of a client message. */
export type ClientMessageType = ClientMessage['type'];

const version = z.number().int('must be an integer').min(0, 'must be 0 or more');
const epochMs = z.number().int('must be an integer').min(0, 'must be 0 or more');
const bounded = (max: number) => z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const helloSchema: z.ZodType<HelloMessage> = z.strictObject({
  type: z.literal('hello'),
  protocol: z.number().int('must be an integer'),
  sdk: z.strictObject({ name: bounded(PROTOCOL_LIMITS.sdkNameLength), version: bounded(PROTOCOL_LIMITS.sdkVersionLength) }),
  key: bounded(PROTOCOL_LIMITS.sdkKeyLength),
  lastVersion: version.optional(),
  context: contextWireSchema.optional(),
});

const contextSchema: z.ZodType<ContextMessage> = z.strictObject({
  type: z.literal('context'),
  seq: z.number().int('must be an integer').min(1, 'must be 1 or more'),
  context: contextWireSchema,
});

const ackSchema: z.ZodType<AckMessage> = z.strictObject({ type: z.literal('ack'), version });

/** Shared by both directions. */
export const pingSchema: z.ZodType<PingMessage> = z.strictObject({ type: z.literal('ping') });
/** Shared by both directions. */
export const pongSchema: z.ZodType<PongMessage> = z.strictObject({ type: z.literal('pong') });

const counterSchema = z.strictObject({
  flag: bounded(LIMITS.keyLength),
  variant: bounded(PROTOCOL_LIMITS.variantLength).nullable(),
  count: z.number().int('must be an integer').min(1, 'must be 1 or more').max(Number.MAX_SAFE_INTEGER),
  version: version.optional(),
});

const count = z.number().int('must be an integer').min(0, 'must be 0 or more').max(Number.MAX_SAFE_INTEGER);
const signalSchema = z
  .strictObject({
    flag: bounded(LIMITS.keyLength),
    variant: bounded(PROTOCOL_LIMITS.variantLength),
    count: count.min(1, 'must be 1 or more'),
    errors: count,
    latencySumMs: z.number().min(0, 'must be 0 or more').max(Number.MAX_SAFE_INTEGER),
    timed: count,
  })
  .refine((s) => s.errors <= s.count && s.timed <= s.count, { path: ['errors'], message: 'errors and timed must not exceed count' });

const summarySchema: z.ZodType<SummaryMessage> = z
  .strictObject({
    type: z.literal('summary'),
    startedAt: epochMs,
    endedAt: epochMs,
    counters: z
      .array(counterSchema)
      .max(PROTOCOL_LIMITS.summaryCounters, `must have at most ${PROTOCOL_LIMITS.summaryCounters} counters: split the summary`),
    signals: z.array(signalSchema).max(PROTOCOL_LIMITS.summaryCounters, `must have at most ${PROTOCOL_LIMITS.summaryCounters} signals: split the summary`).optional(),
  })
  .refine((s) => s.endedAt >= s.startedAt, { path: ['endedAt'], message: 'must not be before startedAt' });

/** The schema of each client message, by type. The parser picks one by `type` before validating. */
export const CLIENT_MESSAGE_SCHEMAS: { readonly [T in ClientMessageType]: z.ZodType<Extract<ClientMessage, { type: T }>> } = {
  hello: helloSchema,
  context: contextSchema,
  ack: ackSchema,
  ping: pingSchema,
  pong: pongSchema,
  summary: summarySchema,
};

/** Every client message type. */
export const CLIENT_MESSAGE_TYPES = Object.keys(CLIENT_MESSAGE_SCHEMAS) as ClientMessageType[];
