/**
 * A context as the compiled matchers read it: always an object. Whatever callers pass (null, a
 * string, an array, a Proxy) is reduced to this by {@link toContextObject}.
 */
export type ContextObject = Readonly<Record<string, unknown>>;

const EMPTY_CONTEXT: ContextObject = Object.freeze({});

/**
 * The context to evaluate against: the object itself, or an empty context for anything that is not
 * a plain (non-array) object. Never throws (`Array.isArray` does, on a revoked Proxy).
 */
export function toContextObject(context: unknown): ContextObject {
  if (typeof context !== 'object' || context === null) return EMPTY_CONTEXT;
  try {
    return Array.isArray(context) ? EMPTY_CONTEXT : (context as ContextObject);
  } catch {
    return EMPTY_CONTEXT;
  }
}

/**
 * Reads one attribute. Only the context's own properties are attributes: a name it inherits
 * (`constructor`, `toString`, `__proto__` from Object.prototype, or anything from a prototype of
 * the caller's) reads as missing, so a negated clause on it does not match a context that lacks it.
 * `key` falls back to OpenFeature's `targetingKey` when it is missing (undefined or null). A getter
 * or Proxy trap that throws reads as missing: evaluation never throws, and a missing attribute
 * never matches. Compiled code that knows it reads `key` calls {@link readKey}.
 */
export function readAttribute(ctx: ContextObject, name: string): unknown {
  const value = readProperty(ctx, name);
  if ((value === undefined || value === null) && name === 'key') return readProperty(ctx, 'targetingKey');
  return value;
}

/**
 * PERFORMANCE NOTE: this one property read serves every attribute of every clause, so V8 sees it
 * with many names and treats it as megamorphic (a stub-cache lookup per read). The user key, which
 * every rollout, target and segment reads, has reads of its own in {@link readKey}.
 */
function readProperty(ctx: ContextObject, name: string): unknown {
  try {
    const value = ctx[name];
    // Read first, check ownership only for a value found: a missing attribute costs one lookup.
    return value !== undefined && hasOwn(ctx, name) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `Object.hasOwn`, kept in a binding of its own; rule chains receive it too (rule-chain-code.ts). */
export const hasOwn: (object: object, name: PropertyKey) => boolean = Object.hasOwn;

/** `readAttribute(ctx, 'key')`: own `key ?? targetingKey` (undefined and null count as missing), each a named read of its own. */
export function readKey(ctx: ContextObject): unknown {
  let value: unknown;
  try {
    value = ctx.key;
    if (value !== undefined && !hasOwn(ctx, 'key')) value = undefined;
  } catch {
    value = undefined;
  }
  if (value !== undefined && value !== null) return value;
  try {
    const target = ctx.targetingKey;
    return target !== undefined && hasOwn(ctx, 'targetingKey') ? target : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The context key used for individual targets and segment include/exclude lists:
 * `key ?? targetingKey`, only when it is a string.
 */
export function contextKey(ctx: ContextObject): string | undefined {
  const key = readKey(ctx);
  return typeof key === 'string' ? key : undefined;
}
