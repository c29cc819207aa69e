import { MAX_SERVER_FRAME_BYTES, PROTOCOL_LIMITS } from '@switchyard/core';
import type { EnvironmentSize } from '../../db/records';
import type { Stores } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import { liveItems } from './live-items';

/**
 * How much one environment may hold, so that every SDK can still load it: its snapshot (and the
 * `GET /sdk/v1/flags` body) is one frame of at most MAX_SERVER_FRAME_BYTES. `bytes` bounds the JSON of
 * its live flags and segments; the counts are the wire schema's own bounds.
 */
export type EnvironmentBudget = EnvironmentSize;

/** Room a snapshot needs besides its items: the envelope, and a comma between every two items. */
const SNAPSHOT_OVERHEAD = 1_024 + PROTOCOL_LIMITS.flagsPerEnvironment + PROTOCOL_LIMITS.segmentsPerEnvironment;

/** The largest byte budget that still fits a snapshot in one frame. */
export const MAX_BUDGET_BYTES = MAX_SERVER_FRAME_BYTES - SNAPSHOT_OVERHEAD;

export const DEFAULT_ENVIRONMENT_BUDGET: EnvironmentBudget = {
  bytes: 8 * 1024 * 1024,
  flags: PROTOCOL_LIMITS.flagsPerEnvironment,
  segments: PROTOCOL_LIMITS.segmentsPerEnvironment,
};

export const NO_SIZE: EnvironmentSize = Object.freeze({ bytes: 0, flags: 0, segments: 0 });

/**
 * Room counted for a flag's `"version":N` (every flag carries the environment version of its last
 * change, not known until the change's transaction bumps it): the key and the longest safe integer.
 * Counting it at its widest makes an item's size independent of the version it was written at, so a
 * change can add its own difference before it knows its version, and a recount agrees with the sum.
 */
export const VERSION_ROOM = ',"version":'.length + String(Number.MAX_SAFE_INTEGER).length;

/**
 * An item as SDKs get it, as JSON text: a segment as it is; a flag without its `version`, which
 * `withVersion` appends (it is the last field of an evaluable flag, so the result is the JSON of the
 * flag with that version).
 */
export function itemJson(kind: 'flag' | 'segment', item: object): string {
  return JSON.stringify(kind === 'flag' ? { ...item, version: undefined } : item);
}

/** A flag's {@link itemJson} with the environment version it travels with. */
export function withVersion(json: string, version: number): string {
  return `${json.slice(0, -1)},"version":${version}}`;
}

export function addSizes(a: EnvironmentSize, b: EnvironmentSize): EnvironmentSize {
  return { bytes: a.bytes + b.bytes, flags: a.flags + b.flags, segments: a.segments + b.segments };
}

/** The size one item adds to its environment, given its {@link itemJson}: its UTF-8 bytes, and one flag or one segment (nothing when absent). */
export function itemSize(kind: 'flag' | 'segment', json: string | null): EnvironmentSize {
  if (json === null) return NO_SIZE;
  return kind === 'flag' ? { bytes: Buffer.byteLength(json) + VERSION_ROOM, flags: 1, segments: 0 } : { bytes: Buffer.byteLength(json), flags: 0, segments: 1 };
}

/** `after − before`, measure by measure. */
export function sizeDelta(before: EnvironmentSize, after: EnvironmentSize): EnvironmentSize {
  return { bytes: after.bytes - before.bytes, flags: after.flags - before.flags, segments: after.segments - before.segments };
}

/**
 * Counts an environment's size from what it holds, leaving out one item (the one a change is writing:
 * whether its row is already written or not, the caller adds it as it was or as it will be).
 * Only when the running size is not current: a database from before it was kept, or a change made by
 * a server that did not keep it (a rolling deploy). Every other change adds its own difference.
 */
export async function recountEnvironment(s: Pick<Stores, 'flags' | 'configs' | 'segments'>, envKey: string, leaveOut?: { kind: 'flag' | 'segment'; key: string }): Promise<EnvironmentSize> {
  const { flags, segments } = await liveItems(s, envKey);
  let size: EnvironmentSize = NO_SIZE;
  for (const f of flags) if (!(leaveOut?.kind === 'flag' && leaveOut.key === f.key)) size = addSizes(size, itemSize('flag', itemJson('flag', f)));
  for (const g of segments) if (!(leaveOut?.kind === 'segment' && leaveOut.key === g.key)) size = addSizes(size, itemSize('segment', itemJson('segment', g)));
  return size;
}

const MEASURES = [
  { measure: 'bytes', what: (n: number) => `${n.toLocaleString('en-US')} bytes of flags and segments` },
  { measure: 'flags', what: (n: number) => `${n.toLocaleString('en-US')} flags` },
  { measure: 'segments', what: (n: number) => `${n.toLocaleString('en-US')} segments` },
] as const;

/**
 * Refuses a change that grows an environment past its budget (413 ENVIRONMENT_BUDGET_EXCEEDED naming
 * the budget). A change that shrinks it, or keeps a measure as it is, always passes: an environment
 * over a lowered budget can still be cleaned up.
 */
export function checkBudget(envKey: string, budget: EnvironmentBudget, after: EnvironmentSize, delta: EnvironmentSize): void {
  for (const { measure, what } of MEASURES) {
    if (delta[measure] <= 0 || after[measure] <= budget[measure]) continue;
    throw new AppError(
      'ENVIRONMENT_BUDGET_EXCEEDED',
      `Environment "${envKey}" would hold ${what(after[measure])}; its ${measure} budget is ${what(budget[measure])}. ${
        measure === 'bytes' ? 'Large lists of keys belong in segments; remove what is no longer used.' : 'Archive or delete what is no longer used.'
      }`,
      { environment: envKey, budget: measure, limit: budget[measure], current: after[measure] - delta[measure], requested: after[measure] },
    );
  }
}
