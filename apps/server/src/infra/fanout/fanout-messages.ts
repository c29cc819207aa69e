import type { ChangeRecord } from '../../db/records';

/**
 * What replicas say to each other through Redis, and where. Channels are namespaced by the
 * deployment's identity (stored in its database), and every message names its deployment again,
 * so a replica never applies a change that is not its deployment's, even when several deployments
 * share one Redis.
 */
export function channelsOf(deploymentId: string): { changes: string; revoked: string } {
  return { changes: `switchyard:${deploymentId}:changes`, revoked: `switchyard:${deploymentId}:keys-revoked` };
}

/**
 * The channels of releases before deployment identities, shared by every deployment on a Redis.
 * Their messages carry no deployment, so they are never applied: a change there only makes a
 * replica catch up from its own database (during a rolling upgrade, a change made on a replica not
 * yet upgraded still reaches SDKs on upgraded ones).
 */
export const LEGACY_CHANNELS = { changes: 'switchyard:changes', revoked: 'switchyard:keys-revoked' } as const;

export type FanoutMessage = { kind: 'change'; change: ChangeRecord } | { kind: 'revoked'; keyId: string };

export function encodeChange(deployment: string, change: ChangeRecord): string {
  return JSON.stringify({ deployment, change });
}

export function encodeRevoked(deployment: string, keyId: string): string {
  return JSON.stringify({ deployment, keyId });
}

export type Decoded = FanoutMessage | { kind: 'foreign'; deployment: string } | { kind: 'malformed' };

/** Reads a message from one of `ours` channels; anything not of this deployment, or not well-formed, is never applied. */
export function decodeMessage(ours: string, channel: 'changes' | 'revoked', message: string): Decoded {
  let v: unknown;
  try {
    v = JSON.parse(message);
  } catch {
    return { kind: 'malformed' };
  }
  if (typeof v !== 'object' || v === null) return { kind: 'malformed' };
  const o = v as Record<string, unknown>;
  if (typeof o.deployment !== 'string') return { kind: 'malformed' };
  if (o.deployment !== ours) return { kind: 'foreign', deployment: o.deployment.slice(0, 100) };
  if (channel === 'revoked') return typeof o.keyId === 'string' ? { kind: 'revoked', keyId: o.keyId } : { kind: 'malformed' };
  return isChange(o.change) ? { kind: 'change', change: o.change } : { kind: 'malformed' };
}

/** The environment a legacy change message names, if any (it is only a hint to catch up). */
export function legacyEnvironment(message: string): string | undefined {
  try {
    const v = JSON.parse(message) as { envKey?: unknown };
    return typeof v?.envKey === 'string' ? v.envKey : undefined;
  } catch {
    return undefined;
  }
}

function isChange(v: unknown): v is ChangeRecord {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return (
    typeof c.envKey === 'string' &&
    Number.isSafeInteger(c.version) &&
    (c.kind === 'flag' || c.kind === 'segment' || c.kind === 'batch') &&
    typeof c.key === 'string' &&
    (c.op === 'upsert' || c.op === 'delete') &&
    (c.payload === null || typeof c.payload === 'string') &&
    typeof c.at === 'string'
  );
}
