import type { z } from 'zod';
import { CLIENT_MESSAGE_SCHEMAS, type ClientMessage } from './client-messages';
import type { SwitchyardCloseReason } from './close-codes';
import { SUPPORTED_PROTOCOL_VERSIONS } from './connection';
import { exceedsUtf8Bytes } from './frame-size';
import { findTextProblem } from '../model/text';
import { checkJsonShape } from './json-shape';
import { MAX_CLIENT_FRAME_BYTES, MAX_SERVER_FRAME_BYTES, PROTOCOL_LIMITS } from './limits';
import { SERVER_MESSAGE_SCHEMAS, type ServerMessage } from './server-messages';

/**
 * Why a frame was refused: `too-large` — over the frame limit (not even parsed); `not-json` —
 * not JSON text; `invalid` — JSON, but not a valid message (wrong type, missing, extra or
 * out-of-bounds field; `path` says where); `unsupported-protocol` — a `hello` for a protocol
 * version this build does not speak (SUPPORTED_PROTOCOL_VERSIONS) (checked before the rest of the hello, whose shape may differ).
 */
export type ProtocolParseErrorCode = 'too-large' | 'not-json' | 'invalid' | 'unsupported-protocol';

/** A refused frame. `message` is for humans and already names the path. */
export interface ProtocolParseError {
  code: ProtocolParseErrorCode;
  message: string;
  /** Where the problem is, from the message root; absent for `too-large` and `not-json`. */
  path?: (string | number)[];
}

/** The outcome of parsing one frame. Parsing never throws. */
export type ProtocolParseResult<M> = { ok: true; message: M } | { ok: false; error: ProtocolParseError };

/** Options of the parsers. */
export interface ProtocolParseOptions {
  /** Frame size limit in UTF-8 bytes; defaults to the direction's `MAX_…_FRAME_BYTES`. */
  maxBytes?: number;
}

type SchemaTable = Readonly<Record<string, z.ZodType>>;

/**
 * Parse a frame a client sent. `raw` is the frame's text; anything that is not a string (a binary
 * frame, undefined...) is `invalid`. Never throws.
 */
export function parseClientMessage(raw: unknown, options: ProtocolParseOptions = {}): ProtocolParseResult<ClientMessage> {
  return parseFrame<ClientMessage>(raw, options.maxBytes ?? MAX_CLIENT_FRAME_BYTES, PROTOCOL_LIMITS.clientJsonDepth, CLIENT_MESSAGE_SCHEMAS, true);
}

/** Parse a frame the server sent. Same contract as {@link parseClientMessage}. Never throws. */
export function parseServerMessage(raw: unknown, options: ProtocolParseOptions = {}): ProtocolParseResult<ServerMessage> {
  return parseFrame<ServerMessage>(raw, options.maxBytes ?? MAX_SERVER_FRAME_BYTES, PROTOCOL_LIMITS.serverJsonDepth, SERVER_MESSAGE_SCHEMAS);
}

/** The close reason a server uses for a client frame it could not parse. */
export function closeReasonForParseError(error: ProtocolParseError): SwitchyardCloseReason {
  switch (error.code) {
    case 'too-large':
      return 'limit-exceeded';
    case 'unsupported-protocol':
      return 'unsupported-protocol';
    case 'not-json':
    case 'invalid':
      return 'bad-message';
  }
}

/** `checkText`: refuse strings no store can hold as sent (NUL, unpaired surrogates), as the server does everywhere text enters. */
function parseFrame<M>(raw: unknown, maxBytes: number, maxDepth: number, schemas: SchemaTable, checkText = false): ProtocolParseResult<M> {
  try {
    if (typeof raw !== 'string') return invalid([], 'must be a text frame holding a JSON object');
    if (exceedsUtf8Bytes(raw, maxBytes)) return fail({ code: 'too-large', message: `frame exceeds ${maxBytes} bytes` });
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return fail({ code: 'not-json', message: 'frame is not valid JSON' });
    }
    const shape = checkJsonShape(json, maxDepth);
    if (shape) return invalid(shape.path, shape.message);
    const text = checkText ? findTextProblem(json, maxDepth) : undefined;
    if (text) return invalid(text.path, text.message);
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return invalid([], 'must be a JSON object');
    const type: unknown = (json as { type?: unknown }).type;
    const schema = typeof type === 'string' && Object.hasOwn(schemas, type) ? schemas[type] : undefined;
    if (!schema) return invalid(['type'], `must be one of ${Object.keys(schemas).join(', ')}`);
    const protocol: unknown = (json as { protocol?: unknown }).protocol;
    if (type === 'hello' && Number.isInteger(protocol) && !SUPPORTED_PROTOCOL_VERSIONS.includes(protocol as number))
      return fail({
        code: 'unsupported-protocol',
        message: `protocol: version ${String(protocol)} is not supported (this side speaks ${SUPPORTED_PROTOCOL_VERSIONS.join(' and ')})`,
        path: ['protocol'],
      });
    const result = schema.safeParse(json);
    if (result.success) return { ok: true, message: result.data as M };
    const issue = result.error.issues[0];
    if (!issue) return invalid([], 'is not a valid message');
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined)
      return invalid([...path, issue.keys[0]], 'is not a known field');
    if (issue.code === 'invalid_key') return invalid(path, `is not a valid key: ${issue.issues[0]?.message ?? issue.message}`);
    return invalid(path, issue.message);
  } catch {
    // Last line of defence: a validator bug must not take a connection handler down.
    return invalid([], 'could not be validated');
  }
}

function fail(error: ProtocolParseError): { ok: false; error: ProtocolParseError } {
  return { ok: false, error };
}

function invalid(path: (string | number)[], message: string): { ok: false; error: ProtocolParseError } {
  return fail({ code: 'invalid', message: path.length ? `${formatPath(path)}: ${message}` : message, path });
}

/** `counters[3].count`, `values["a.b"]`. */
function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}
