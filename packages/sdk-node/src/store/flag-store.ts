import {
  classifyIncomingVersion,
  createEvaluator,
  type ChangesMessage,
  type DeleteMessage,
  type EvaluableFlag,
  type EvaluatorOptions,
  type FlagEvaluator,
  type PatchMessage,
  type RuleSet,
  type Segment,
  type VersionClassification,
} from '@switchyard/core';
import { diffRuleSets, sameItem, withDependents } from './changed-flags';
import type { LoadedRuleSet } from './rule-set-input';

/** Where the data a store holds came from. Only `stream` data may be resumed from its version. */
export type DataOrigin = 'stream' | 'polling' | 'bootstrap' | 'test-data';

/** A change message: one item (`patch`, `delete`) or several at one version (`changes`). */
export type ChangeMessage = PatchMessage | DeleteMessage | ChangesMessage;

/** What applying one `patch`, `delete` or `changes` did. */
export interface ChangeOutcome {
  /** `apply`: applied; `duplicate`: already held, ignored; `gap`: a change is missing, nothing applied. */
  classification: VersionClassification;
  /** Keys of the flags that may now evaluate differently (empty unless applied). */
  changed: string[];
}

/**
 * One environment's flags and segments, compiled once by core's evaluator and patched in version
 * order. Pure: no I/O, no timers, no events (the client turns outcomes into events).
 */
export interface FlagStore {
  /** The compiled flags; the client evaluates through it directly (the hot path). */
  readonly evaluator: FlagEvaluator;
  /** Whether any data was ever loaded: until then evaluations answer PROVIDER_NOT_READY. */
  readonly loaded: boolean;
  /** The last environment version applied; -1 before any data. */
  readonly version: number;
  readonly environment: string | undefined;
  readonly origin: DataOrigin | undefined;
  /**
   * Replaces everything with a full rule set (a snapshot is authoritative, even at a lower version).
   * @returns the keys of the flags that may evaluate differently; empty on the first load.
   */
  replace(ruleSet: LoadedRuleSet, origin: DataOrigin): string[];
  /**
   * Applies one change if its version is the next one (see `classifyIncomingVersion`); a `changes`
   * message applies all its items before returning (no evaluation sees it half applied). Before the
   * first rule set every change is a gap, so the evaluator holds no flag until `loaded`.
   */
  apply(change: ChangeMessage): ChangeOutcome;
  /** The environment version at which a flag last changed, if loaded. */
  flagVersion(key: string): number | undefined;
  /** A copy of the rule set held, in the shape of `GET /sdk/v1/flags`; undefined before any data. */
  ruleSet(): RuleSet | undefined;
}

/** Creates an empty store; `options` go to its evaluator (`codegen: false`: rules only as closures). */
export function createFlagStore(options: EvaluatorOptions = {}): FlagStore {
  return new Store(options);
}

const DUPLICATE: ChangeOutcome = Object.freeze({ classification: 'duplicate', changed: [] }) as ChangeOutcome;
const GAP: ChangeOutcome = Object.freeze({ classification: 'gap', changed: [] }) as ChangeOutcome;

class Store implements FlagStore {
  readonly evaluator: FlagEvaluator;
  loaded = false;
  version = -1;
  environment: string | undefined;
  origin: DataOrigin | undefined;
  private readonly segments = new Map<string, Segment>();

  constructor(options: EvaluatorOptions) {
    this.evaluator = createEvaluator(undefined, options);
  }

  replace(ruleSet: LoadedRuleSet, origin: DataOrigin): string[] {
    const before = this.loaded ? { flags: this.flagSources(), segments: new Map(this.segments) } : undefined;
    this.evaluator.replaceAll({ flags: [...ruleSet.flags], segments: [...ruleSet.segments] });
    this.segments.clear();
    for (const segment of ruleSet.segments) this.segments.set(segment.key, segment);
    this.version = ruleSet.version;
    this.environment = ruleSet.environment;
    this.origin = origin;
    this.loaded = true;
    return before === undefined ? [] : diffRuleSets(before, { flags: this.flagSources(), segments: this.segments }, this.evaluator);
  }

  apply(change: ChangeMessage): ChangeOutcome {
    // A change needs the rule set it follows; before the first one there is nothing to apply it to.
    // (The client relies on this: until loaded, the evaluator holds no flag at all.)
    if (!this.loaded) return GAP;
    const classification = classifyIncomingVersion(this.version, change.version);
    if (classification === 'duplicate') return DUPLICATE;
    if (classification === 'gap') return GAP;
    this.version = change.version;
    if (change.type !== 'changes') return { classification, changed: this.applyItem(change) };
    const changed = new Set<string>();
    for (const item of change.items) for (const key of this.applyItem({ ...item, version: change.version } as PatchMessage | DeleteMessage)) changed.add(key);
    return { classification, changed: [...changed] };
  }

  private applyItem(change: PatchMessage | DeleteMessage): string[] {
    const { evaluator } = this;
    if (change.type === 'patch') {
      if (change.kind === 'flag') {
        const before = evaluator.get(change.key)?.source;
        evaluator.upsertFlag(change.data);
        return sameItem(before, change.data) ? [] : withDependents(evaluator, [change.key]);
      }
      const before = this.segments.get(change.key);
      this.segments.set(change.key, change.data);
      const recompiled = evaluator.upsertSegment(change.data);
      return sameItem(before, change.data) ? [] : withDependents(evaluator, recompiled);
    }
    if (change.kind === 'flag') {
      // Dependents first: once the flag is gone the index no longer knows who required it.
      const affected = evaluator.has(change.key) ? withDependents(evaluator, [change.key]) : [];
      evaluator.deleteFlag(change.key);
      return affected;
    }
    this.segments.delete(change.key);
    return withDependents(evaluator, evaluator.deleteSegment(change.key));
  }

  flagVersion(key: string): number | undefined {
    return this.evaluator.get(key)?.version;
  }

  ruleSet(): RuleSet | undefined {
    if (!this.loaded) return undefined;
    return structuredClone({
      environment: this.environment ?? '',
      version: this.version,
      flags: [...this.flagSources().values()],
      segments: [...this.segments.values()],
    });
  }

  private flagSources(): Map<string, EvaluableFlag> {
    const flags = new Map<string, EvaluableFlag>();
    for (const key of this.evaluator.keys()) {
      const source = this.evaluator.get(key)?.source;
      if (source !== undefined) flags.set(key, source);
    }
    return flags;
  }
}
