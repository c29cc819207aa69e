import type { Clause, FlagType, JsonValue, VariationType } from '@switchyard/core';

/** A variation named by its name, or, in boolean flags, by its value (`true` / `false`). */
export type VariationRef = string | boolean;

/**
 * Builds one flag for a {@link TestData} source. Get one with `testData.flag(key)` (a copy of the
 * flag if it exists, else a boolean flag that is on and serves `true`), change it, and hand it to
 * `testData.update(builder)`. Methods return the builder, for chaining. Misuse (an unknown
 * variation, weights that do not add up to 100) throws when the flag is built: this is test tooling.
 */
export interface FlagBuilder {
  readonly key: string;
  /** Two variations, `off` (false) and `on` (true); off serves `off`, on serves `on` to everyone. */
  booleanFlag(): FlagBuilder;
  /**
   * Replaces the variations: names to values, in order. The type is inferred (all booleans, all
   * strings, all numbers, else json) unless given. Targets and rules are cleared; the off
   * variation and the fallthrough become the first variation.
   */
  variations(variations: Record<string, JsonValue>, type?: VariationType): FlagBuilder;
  /** Targeting on (`true`, the default) or off (serves the off variation). */
  on(enabled?: boolean): FlagBuilder;
  /** The variation served when the flag is off or killed. */
  offVariation(variation: VariationRef): FlagBuilder;
  /** The variation served when no target or rule matches. */
  fallthrough(variation: VariationRef): FlagBuilder;
  /** On, no targets, no rules: everyone gets `variation`. */
  variationForAll(variation: VariationRef): FlagBuilder;
  /** The context with this key gets `variation` (an individual target). */
  variationForKey(contextKey: string, variation: VariationRef): FlagBuilder;
  /**
   * The fallthrough becomes a percentage rollout: variation → percent (adding up to 100).
   * Bucketing is by `key` with the flag key as salt, unless `bucketBy` / `salt` are given.
   */
  rollout(percentages: Record<string, number>, options?: { bucketBy?: string; salt?: string }): FlagBuilder;
  /** Starts a rule: `attribute` is one of `values`. Finish it with `thenReturn`. */
  ifMatch(attribute: string, ...values: (string | number | boolean)[]): RuleBuilder;
  /** Starts a rule: `attribute` is none of `values` (present, but not in the list). */
  ifNotMatch(attribute: string, ...values: (string | number | boolean)[]): RuleBuilder;
  /** Starts a rule: the context is in one of the segments. */
  ifInSegment(...segmentKeys: string[]): RuleBuilder;
  /** Starts a rule with any clause. */
  ifClause(clause: Clause): RuleBuilder;
  /** Removes every rule. */
  clearRules(): FlagBuilder;
  /** Removes every individual target. */
  clearTargets(): FlagBuilder;
  /** Requires another flag to be on and serve `variation` (resolved against that flag when built). */
  prerequisite(flagKey: string, variation: VariationRef): FlagBuilder;
  /** Engages the kill switch: the off variation for everyone, with reason DISABLED and `killed: true`. */
  kill(reason?: string): FlagBuilder;
  /** Releases the kill switch. */
  restore(): FlagBuilder;
  clientSide(visible?: boolean): FlagBuilder;
  /** The flag's type (default `release`). */
  type(type: FlagType): FlagBuilder;
}

/** Builds one rule; see {@link FlagBuilder.ifMatch}. */
export interface RuleBuilder {
  andMatch(attribute: string, ...values: (string | number | boolean)[]): RuleBuilder;
  andNotMatch(attribute: string, ...values: (string | number | boolean)[]): RuleBuilder;
  andClause(clause: Clause): RuleBuilder;
  /** Ends the rule: matching contexts get `variation`. Optionally names the rule (its `ruleId`). */
  thenReturn(variation: VariationRef, ruleId?: string): FlagBuilder;
  /** Ends the rule: matching contexts are split by percentages, as in {@link FlagBuilder.rollout}. */
  thenRollout(percentages: Record<string, number>, options?: { bucketBy?: string; salt?: string; ruleId?: string }): FlagBuilder;
}
