import {
  createEvaluator,
  type EvaluableFlag,
  type FlagEvaluator,
  type RuleSet,
  type Segment,
} from '@switchyard/core';
import type { ChangeRecord } from '../../db/records';
import { changeFrame } from './change-frame';
import { sharedFrame } from './frame';

/** What one committed change means for the SDKs of its environment. */
export interface AppliedChange {
  version: number;
  /** When the change was committed (ISO). */
  at: string;
  /** The frame for server SDKs (patch or delete), encoded to bytes once for all of them. */
  serverFrame: Buffer;
  /** Keys of client-side flags whose value may have changed (re-evaluate for each browser). */
  clientFlags: string[];
  /** Keys of flags that stopped being visible to browsers (deleted, archived, no longer client-side). */
  clientRemoved: string[];
}

/**
 * One environment's rule set held in memory at a version, kept current by committed changes in
 * order. Server SDK snapshots are served from here and browser values evaluated against it.
 */
export class EnvironmentState {
  version: number;
  private readonly flags = new Map<string, EvaluableFlag>();
  private readonly segments = new Map<string, Segment>();
  readonly evaluator: FlagEvaluator;
  private snapshotFrame: Buffer | undefined;

  constructor(ruleSet: RuleSet) {
    this.version = ruleSet.version;
    for (const f of ruleSet.flags) this.flags.set(f.key, f);
    for (const s of ruleSet.segments) this.segments.set(s.key, s);
    this.evaluator = createEvaluator(ruleSet);
  }

  /** The snapshot message at the current version, encoded to bytes once per version. */
  snapshot(): Buffer {
    this.snapshotFrame ??= sharedFrame({ type: 'snapshot', version: this.version, flags: [...this.flags.values()], segments: [...this.segments.values()] });
    return this.snapshotFrame;
  }

  /** One flag as SDKs of this environment are sent it, if it exists (archived flags do not). */
  flag(key: string): EvaluableFlag | undefined {
    return this.flags.get(key);
  }

  /** Client-side flag keys, for a browser's full values. */
  clientFlagKeys(): string[] {
    const keys: string[] = [];
    for (const f of this.flags.values()) if (f.clientSide) keys.push(f.key);
    return keys;
  }

  /**
   * Applies a committed change if it is the next version; returns undefined otherwise (a duplicate,
   * or a change past a gap, which the caller fills from the change log first).
   */
  apply(change: ChangeRecord): AppliedChange | undefined {
    if (change.version !== this.version + 1) return undefined;
    this.version = change.version;
    this.snapshotFrame = undefined;
    const payload = change.payload === null ? null : (JSON.parse(change.payload) as EvaluableFlag | Segment);
    const applied: AppliedChange = { version: change.version, at: change.at, serverFrame: changeFrame(change, payload), clientFlags: [], clientRemoved: [] };
    if (change.kind === 'flag') this.applyFlag(change, payload as EvaluableFlag | null, applied);
    else this.applySegment(change, payload as Segment | null, applied);
    return applied;
  }

  private applyFlag(change: ChangeRecord, payload: EvaluableFlag | null, applied: AppliedChange): void {
    const wasClient = this.flags.get(change.key)?.clientSide === true;
    if (payload === null) {
      this.flags.delete(change.key);
      this.evaluator.deleteFlag(change.key);
    } else {
      this.flags.set(change.key, payload);
      this.evaluator.upsertFlag(payload);
    }
    const isClient = payload?.clientSide === true;
    if (isClient) applied.clientFlags.push(change.key);
    else if (wasClient) applied.clientRemoved.push(change.key);
  }

  private applySegment(change: ChangeRecord, payload: Segment | null, applied: AppliedChange): void {
    let affected: string[];
    if (payload === null) {
      this.segments.delete(change.key);
      affected = this.evaluator.deleteSegment(change.key);
    } else {
      this.segments.set(change.key, payload);
      affected = this.evaluator.upsertSegment(payload);
    }
    for (const k of affected) if (this.flags.get(k)?.clientSide === true) applied.clientFlags.push(k);
  }
}
