import { checkJsonShape, contextWireSchema, PROTOCOL_LIMITS, type EvaluationContext } from '@switchyard/core';
import { issuesToDetails } from '../../errors/parse-input';
import type { OfrepFailure } from './ofrep-wire';

/** A refused OFREP request: its status, its body (always `errorCode` and `errorDetails`, and `key` on a flag's route), extra headers. */
export class OfrepError extends Error {
  constructor(
    readonly status: number,
    readonly failure: OfrepFailure,
    readonly headers: Record<string, string> = {},
  ) {
    super(failure.errorDetails);
  }
}

const FIELDS = new Set(['context']);

/**
 * The evaluation context of an OFREP request body, `{"context": {...}}`: an object of at most
 * PROTOCOL_LIMITS.contextAttributes attributes, `targetingKey` a string, nested no deeper than a
 * browser's context may be — the same bounds as a browser SDK's context on the stream. Anything
 * else throws a 400 OfrepError naming the field: PARSE_ERROR for a body that is not an object,
 * INVALID_CONTEXT for a context that is not what it must be.
 */
export function contextOf(body: unknown, key?: string): EvaluationContext {
  const fail = (errorCode: 'PARSE_ERROR' | 'INVALID_CONTEXT', errorDetails: string): never => {
    throw new OfrepError(400, key === undefined ? { errorCode, errorDetails } : { key, errorCode, errorDetails });
  };
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) fail('PARSE_ERROR', 'body must be a JSON object: {"context": {...}}');
  const record = body as Record<string, unknown>;
  for (const name of Object.keys(record)) if (!FIELDS.has(name)) fail('PARSE_ERROR', `body.${name} is not a known field (send {"context": {...}})`);
  const context = record.context;
  if (context === undefined) fail('INVALID_CONTEXT', 'body.context is required: an object, with a targetingKey');
  if (context === null || typeof context !== 'object' || Array.isArray(context)) fail('INVALID_CONTEXT', 'body.context must be an object');
  // Depth before the schema: the schema's recursion must not meet a hostile nesting.
  const shape = checkJsonShape(context, PROTOCOL_LIMITS.clientJsonDepth);
  if (shape) fail('INVALID_CONTEXT', `${pathOf(shape.path)} ${shape.message}`);
  const parsed = contextWireSchema.safeParse(context);
  if (!parsed.success) {
    const first = issuesToDetails('body.context', parsed.error.issues)[0];
    fail('INVALID_CONTEXT', first ? `${first.path} ${first.message}` : 'body.context is invalid');
  }
  return parsed.data as EvaluationContext;
}

function pathOf(path: (string | number)[]): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : `${out}.${p}`), 'body.context');
}
