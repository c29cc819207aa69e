import {
  createEvaluator,
  type EvaluableFlag,
  type FlagEvaluator,
  type RuleSet,
  type Segment,
} from '@switchyard/core';
import type { ChangeRecord } from '../../db/records';
import { itemsOf, type ChangeItem } from '../changes/change-items';
import { changeFrame, needsProtocol2 } from './change-frame';
import { sharedFrame } from './frame';

/** What one committed change means for the SDKs of its environment. */
export interface AppliedChange {
  version: number;
  /** When the change was committed (ISO). */
  at: string;
  /** The frame for server SDKs (patch, delete or changes), encoded to bytes once for all of them. */
  serverFrame: Buffer;
  /** A `changes` frame, which protocol-1 connections cannot take: they get a snapshot instead. */
  protocol2: boolean;
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
    const items = itemsOf(change);
    const applied: AppliedChange = { version: change.version, at: change.at, serverFrame: changeFrame(change, items), protocol2: needsProtocol2(change), clientFlags: [], clientRemoved: [] };
    // A batch's items all apply before anything is sent: browsers are evaluated on where it leaves them.
    for (const item of items) {
      if (item.kind === 'flag') this.applyFlag(item, applied);
      else this.applySegment(item, applied);
    }
    return applied;
  }

  private applyFlag(item: ChangeItem, applied: AppliedChange): void {
    const wasClient = this.flags.get(item.key)?.clientSide === true;
    const payload = item.data as EvaluableFlag | null;
    if (payload === null) {
      this.flags.delete(item.key);
      this.evaluator.deleteFlag(item.key);
    } else {
      this.flags.set(item.key, payload);
      this.evaluator.upsertFlag(payload);
    }
    const isClient = payload?.clientSide === true;
    if (isClient) applied.clientFlags.push(item.key);
    else if (wasClient) applied.clientRemoved.push(item.key);
  }

  private applySegment(item: ChangeItem, applied: AppliedChange): void {
    let affected: string[];
    const payload = item.data as Segment | null;
    if (payload === null) {
      this.segments.delete(item.key);
      affected = this.evaluator.deleteSegment(item.key);
    } else {
      this.segments.set(item.key, payload);
      affected = this.evaluator.upsertSegment(payload);
    }
    for (const k of affected) if (this.flags.get(k)?.clientSide === true) applied.clientFlags.push(k);
  }
}
