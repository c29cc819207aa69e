/**
 * A hand-written validator for the few server messages a browser accepts (`ready`, `values`,
 * `ping`, `pong`, `error`, `goaway`). Core's `parseServerMessage` is built on zod, which alone is
 * ten times this SDK's size budget; this file checks the same rules for these shapes (strict
 * objects, bounded strings and numbers, no `__proto__`, bounded depth) and a unit test keeps it in
 * step with core's parser. Frames meant for server keys (`snapshot`, `patch`, `delete`) are refused
 * through core's `checkMessageForKeyKind`, so rules can never reach a browser.
 */
import {
  checkMessageForKeyKind,
  ERROR_CODES,
  EVALUATION_REASONS,
  MAX_HEARTBEAT_MS,
  MIN_HEARTBEAT_MS,
  SWITCHYARD_CLOSE_REASONS,
  type ErrorMessage,
  type GoawayMessage,
  type PingMessage,
  type PongMessage,
  type ReadyMessage,
  type ServerMessage,
  type ServedValue,
  type ValuesMessage,
} from '@switchyard/core';

/** The server messages a browser SDK acts on. */
export type BrowserServerMessage = ReadyMessage | ValuesMessage | PingMessage | PongMessage | ErrorMessage | GoawayMessage;

/** The outcome of reading one frame; `error` is for logs. Never thrown. */
export type FrameResult = { ok: true; message: BrowserServerMessage } | { ok: false; error: string };

const SERVER_TYPES = ['ready', 'snapshot', 'patch', 'delete', 'values', 'ping', 'pong', 'error', 'goaway'];
/**
 * Core's `MAX_SERVER_FRAME_BYTES` (a unit test keeps them equal), compared with the frame's length
 * in UTF-16 code units rather than UTF-8 bytes: cheaper, and no looser than a third of the limit.
 * Importing it would bring core's limit tables into the bundle.
 */
export const MAX_FRAME_LENGTH = 16 * 1024 * 1024;
const MAX_DEPTH = 64;
const MAX_FLAGS = 20_000;
const SLUG = /^[a-z0-9][a-z0-9._-]*$/;

type Check = (value: unknown) => boolean;

/** Thrown inside this module only; {@link readServerFrame} turns it into a result. */
class Refusal {
  constructor(readonly message: string) {}
}

const int = (min: number, max = Number.MAX_SAFE_INTEGER): Check => (v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const str = (min: number, max: number): Check => (v) => typeof v === 'string' && v.length >= min && v.length <= max;
const oneOf = (list: readonly string[]): Check => (v) => list.includes(v as string);
const bool: Check = (v) => typeof v === 'boolean';
const key: Check = (v) => str(1, 100)(v) && SLUG.test(v as string);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A strict object: every field in `required`, optional ones only if valid, nothing else. */
function strict(value: unknown, path: string, required: Record<string, Check>, optional: Record<string, Check> = {}): Record<string, unknown> {
  if (!isObject(value)) throw new Refusal(`${path}: must be an object`);
  for (const name in required) if (!required[name]!(value[name])) throw new Refusal(`${path}.${name}: is missing or invalid`);
  for (const name of Object.keys(value)) {
    if (Object.hasOwn(required, name)) continue;
    const check = Object.hasOwn(optional, name) ? optional[name] : undefined;
    if (!check) throw new Refusal(`${path}.${name}: is not a known field`);
    if (!check(value[name])) throw new Refusal(`${path}.${name}: is invalid`);
  }
  return value;
}

/** JSON data: finite numbers, no `__proto__` keys, at most MAX_DEPTH levels. */
function json(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || depth > MAX_DEPTH) return false;
  for (const [k, v] of Object.entries(value)) if (k === '__proto__' || !json(v, depth + 1)) return false;
  return true;
}

const servedShape = {
  required: { reason: oneOf(EVALUATION_REASONS) },
  optional: { value: () => true, variant: str(1, 100), errorCode: oneOf(ERROR_CODES) },
};

/** One served value (`{ value, variant?, reason, errorCode? }`), strictly. Throws a Refusal. */
function servedValue(value: unknown, path: string): ServedValue {
  const v = strict(value, path, servedShape.required, servedShape.optional);
  // `value` is required, and may be null: checked apart from the presence test above.
  if (!('value' in v) || !json(v.value, 4)) throw new Refusal(`${path}.value: is missing or not JSON`);
  return v as unknown as ServedValue;
}

/**
 * A served-value map (`values.values`, a bootstrap, or a stored cache): flag key → served value.
 * Returns the problem, or undefined when valid.
 */
export function checkServedValues(values: unknown, path = 'values'): string | undefined {
  try {
    if (!isObject(values)) return `${path}: must be an object`;
    const keys = Object.keys(values);
    if (keys.length > MAX_FLAGS) return `${path}: must have at most ${MAX_FLAGS} values`;
    for (const k of keys) {
      if (!key(k)) return `${path}[${JSON.stringify(k)}]: is not a valid flag key`;
      servedValue(values[k], `${path}[${JSON.stringify(k)}]`);
    }
    return undefined;
  } catch (e) {
    return e instanceof Refusal ? e.message : 'could not be validated';
  }
}

function values(m: Record<string, unknown>): ValuesMessage {
  strict(
    m,
    'values',
    { type: () => true, version: int(0), contextSeq: int(0), full: bool, values: isObject },
    { removed: (r) => Array.isArray(r) && r.length <= MAX_FLAGS && r.every(key) },
  );
  if (m.full === true && m.removed !== undefined) throw new Refusal('removed: is only allowed when full is false');
  const problem = checkServedValues(m.values);
  if (problem) throw new Refusal(problem);
  return m as unknown as ValuesMessage;
}

const SHAPES: Record<string, [Record<string, Check>, Record<string, Check>?]> = {
  ready: [{ environment: key, version: int(0), heartbeatMs: int(MIN_HEARTBEAT_MS, MAX_HEARTBEAT_MS), connectionId: str(1, 128) }],
  ping: [{}],
  pong: [{}],
  error: [
    { code: oneOf(SWITCHYARD_CLOSE_REASONS), message: (v) => typeof v === 'string' && v.length <= 1_000, retry: bool },
    { path: (p) => Array.isArray(p) && p.length <= 32 && p.every((s) => str(0, 200)(s) || int(0)(s)) },
  ],
  goaway: [{ retryAfterMs: int(0, 600_000) }],
};

/**
 * Reads one frame from the server on a client-key connection. Never throws. Anything that is not a
 * valid `ready`, `values`, `ping`, `pong`, `error` or `goaway` is refused, including valid messages
 * meant for server keys.
 */
export function readServerFrame(raw: unknown, maxLength = MAX_FRAME_LENGTH): FrameResult {
  try {
    if (typeof raw !== 'string') return { ok: false, error: 'must be a text frame' };
    if (raw.length > maxLength) return { ok: false, error: 'frame too large' };
    const m: unknown = JSON.parse(raw);
    if (!isObject(m) || !SERVER_TYPES.includes(m.type as string)) return { ok: false, error: 'type: is not a server message type' };
    const wrongKind = checkMessageForKeyKind(m as unknown as ServerMessage, 'client');
    if (wrongKind) return { ok: false, error: wrongKind.message };
    if (m.type === 'values') return { ok: true, message: values(m) };
    const [required, optional] = SHAPES[m.type as string]!;
    strict(m, m.type as string, { type: () => true, ...required }, optional);
    return { ok: true, message: m as unknown as BrowserServerMessage };
  } catch (e) {
    return { ok: false, error: e instanceof Refusal ? e.message : 'frame is not valid JSON' };
  }
}
