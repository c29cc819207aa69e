import {
  BUCKET_COUNT,
  typeOfValue,
  type Clause,
  type EvaluableFlag,
  type FlagType,
  type JsonValue,
  type Rule,
  type Serve,
  type VariationType,
} from '@switchyard/core';
import type { FlagBuilder, RuleBuilder, VariationRef } from './flag-builder';

type Ref = VariationRef;
interface PendingRule {
  clauses: Clause[];
  serve: PendingServe;
  id: string | undefined;
}
type PendingServe = { variation: Ref } | { rollout: { percentages: Record<string, number>; bucketBy?: string; salt?: string } };

/** The builder's internals: a flag in terms of variation references, resolved by `build`. */
export class FlagDraft implements FlagBuilder {
  private variationList: { name: string; value: JsonValue }[] = [
    { name: 'off', value: false },
    { name: 'on', value: true },
  ];
  private valueType: VariationType = 'boolean';
  private flagType: FlagType = 'release';
  private enabled = true;
  private off: Ref = 'off';
  private fall: PendingServe = { variation: 'on' };
  private targets = new Map<string, Ref>();
  private rules: PendingRule[] = [];
  /** A number is a variation index, as read from an existing flag. */
  private prerequisites: { flag: string; variation: Ref | number }[] = [];
  private killed: EvaluableFlag['killed'] = null;
  private visible = false;

  constructor(readonly key: string) {}

  /** A builder holding an existing flag, so that `testData.flag(key)` edits rather than replaces it. */
  static from(flag: EvaluableFlag): FlagDraft {
    const draft = new FlagDraft(flag.key);
    const name = (index: number) => flag.variations[index]?.name ?? String(index);
    draft.variationList = flag.variations.map((v) => ({ name: v.name, value: structuredClone(v.value) }));
    draft.valueType = flag.variationType;
    draft.flagType = flag.type;
    draft.enabled = flag.enabled;
    draft.off = name(flag.offVariation);
    draft.fall = fromServe(flag.fallthrough, name);
    for (const target of flag.targets) for (const value of target.values) draft.targets.set(value, name(target.variation));
    draft.rules = flag.rules.map((r) => ({ clauses: structuredClone(r.clauses), serve: fromServe(r.serve, name), id: r.id }));
    draft.prerequisites = flag.prerequisites.map((p) => ({ flag: p.flag, variation: p.variation }));
    draft.killed = flag.killed;
    draft.visible = flag.clientSide;
    return draft;
  }

  booleanFlag(): FlagBuilder {
    if (this.valueType === 'boolean' && this.variationList.length === 2) return this;
    this.variations({ off: false, on: true });
    this.fall = { variation: 'on' };
    return this;
  }

  variations(variations: Record<string, JsonValue>, type?: VariationType): FlagBuilder {
    const list = Object.entries(variations).map(([name, value]) => ({ name, value }));
    if (list.length === 0) throw new Error(`test data: flag "${this.key}" needs at least one variation`);
    this.variationList = list;
    this.valueType = type ?? inferType(list.map((v) => v.value));
    this.targets.clear();
    this.rules = [];
    this.off = list[0]!.name;
    this.fall = { variation: list[0]!.name };
    return this;
  }

  on(enabled = true): FlagBuilder {
    this.enabled = enabled;
    return this;
  }

  offVariation(variation: Ref): FlagBuilder {
    this.off = variation;
    return this;
  }

  fallthrough(variation: Ref): FlagBuilder {
    this.fall = { variation };
    return this;
  }

  variationForAll(variation: Ref): FlagBuilder {
    this.enabled = true;
    this.targets.clear();
    this.rules = [];
    this.fall = { variation };
    return this;
  }

  variationForKey(contextKey: string, variation: Ref): FlagBuilder {
    this.targets.set(contextKey, variation);
    return this;
  }

  rollout(percentages: Record<string, number>, options: { bucketBy?: string; salt?: string } = {}): FlagBuilder {
    this.fall = { rollout: { percentages: { ...percentages }, ...options } };
    return this;
  }

  ifMatch(attribute: string, ...values: (string | number | boolean)[]): RuleBuilder {
    return this.startRule({ attribute, op: 'in', values });
  }

  ifNotMatch(attribute: string, ...values: (string | number | boolean)[]): RuleBuilder {
    return this.startRule({ attribute, op: 'in', values, negate: true });
  }

  ifInSegment(...segmentKeys: string[]): RuleBuilder {
    return this.startRule({ attribute: 'key', op: 'segmentMatch', values: segmentKeys });
  }

  ifClause(clause: Clause): RuleBuilder {
    return this.startRule(structuredClone(clause));
  }

  clearRules(): FlagBuilder {
    this.rules = [];
    return this;
  }

  clearTargets(): FlagBuilder {
    this.targets.clear();
    return this;
  }

  prerequisite(flagKey: string, variation: Ref): FlagBuilder {
    this.prerequisites = this.prerequisites.filter((p) => p.flag !== flagKey);
    this.prerequisites.push({ flag: flagKey, variation });
    return this;
  }

  kill(reason = 'killed in test data'): FlagBuilder {
    this.killed = { by: 'test-data', at: new Date().toISOString(), reason };
    return this;
  }

  restore(): FlagBuilder {
    this.killed = null;
    return this;
  }

  clientSide(visible = true): FlagBuilder {
    this.visible = visible;
    return this;
  }

  type(type: FlagType): FlagBuilder {
    this.flagType = type;
    return this;
  }

  private startRule(first: Clause): RuleBuilder {
    const clauses: Clause[] = [first];
    const rule: RuleBuilder = {
      andMatch: (attribute, ...values) => (clauses.push({ attribute, op: 'in', values }), rule),
      andNotMatch: (attribute, ...values) => (clauses.push({ attribute, op: 'in', values, negate: true }), rule),
      andClause: (clause) => (clauses.push(structuredClone(clause)), rule),
      thenReturn: (variation, ruleId) => {
        this.rules.push({ clauses, serve: { variation }, id: ruleId });
        return this;
      },
      thenRollout: (percentages, options = {}) => {
        const { ruleId, ...bucketing } = options;
        this.rules.push({ clauses, serve: { rollout: { percentages: { ...percentages }, ...bucketing } }, id: ruleId });
        return this;
      },
    };
    return rule;
  }

  /**
   * The evaluable flag at `version`. `variationsOf` finds another flag's variations, to resolve
   * prerequisites named by variation.
   */
  build(version: number, variationsOf: (flagKey: string) => readonly { name: string; value: JsonValue }[] | undefined): EvaluableFlag {
    const index = (ref: Ref, list: readonly { name: string; value: JsonValue }[] = this.variationList, flagKey = this.key) => resolveRef(ref, list, flagKey);
    const byVariation = new Map<number, string[]>();
    for (const [contextKey, ref] of this.targets) {
      const i = index(ref);
      byVariation.set(i, [...(byVariation.get(i) ?? []), contextKey]);
    }
    const rules: Rule[] = this.rules.map((r) => ({ ...(r.id !== undefined ? { id: r.id } : {}), clauses: structuredClone(r.clauses), serve: this.buildServe(r.serve) }));
    return {
      key: this.key,
      type: this.flagType,
      variationType: this.valueType,
      variations: structuredClone(this.variationList),
      offVariation: index(this.off),
      clientSide: this.visible,
      enabled: this.enabled,
      killed: this.killed,
      targets: [...byVariation].sort(([a], [b]) => a - b).map(([variation, values]) => ({ variation, values })),
      rules,
      fallthrough: this.buildServe(this.fall),
      prerequisites: this.prerequisites.map((p) => {
        const list = variationsOf(p.flag);
        if (list === undefined) throw new Error(`test data: flag "${this.key}" requires "${p.flag}", which test data does not hold`);
        return { flag: p.flag, variation: typeof p.variation === 'number' ? p.variation : index(p.variation, list, p.flag) };
      }),
      version,
    };
  }

  private buildServe(serve: PendingServe): Serve {
    if ('variation' in serve) return { variation: resolveRef(serve.variation, this.variationList, this.key) };
    const { percentages, bucketBy, salt } = serve.rollout;
    const variations = Object.entries(percentages).map(([ref, percent]) => ({
      variation: resolveRef(ref, this.variationList, this.key),
      weight: Math.round(percent * (BUCKET_COUNT / 100)),
    }));
    const total = variations.reduce((sum, v) => sum + v.weight, 0);
    if (total !== BUCKET_COUNT) throw new Error(`test data: the rollout of "${this.key}" adds up to ${total / (BUCKET_COUNT / 100)}%, not 100%`);
    return { rollout: { ...(bucketBy !== undefined ? { bucketBy } : {}), ...(salt !== undefined ? { salt } : {}), variations } };
  }
}

function resolveRef(ref: Ref, list: readonly { name: string; value: JsonValue }[], flagKey: string): number {
  const byName = typeof ref === 'string' ? list.findIndex((v) => v.name === ref) : -1;
  if (byName >= 0) return byName;
  if (typeof ref === 'boolean') {
    const byValue = list.findIndex((v) => v.value === ref);
    if (byValue >= 0) return byValue;
  }
  throw new Error(`test data: flag "${flagKey}" has no variation ${JSON.stringify(ref)} (it has ${list.map((v) => v.name).join(', ')})`);
}

function fromServe(serve: Serve, name: (index: number) => string): PendingServe {
  if ('variation' in serve) return { variation: name(serve.variation) };
  const percentages: Record<string, number> = {};
  for (const v of serve.rollout.variations) percentages[name(v.variation)] = (percentages[name(v.variation)] ?? 0) + v.weight / (BUCKET_COUNT / 100);
  const { bucketBy, salt } = serve.rollout;
  return { rollout: { percentages, ...(bucketBy !== undefined ? { bucketBy } : {}), ...(salt !== undefined ? { salt } : {}) } };
}

function inferType(values: JsonValue[]): VariationType {
  const first = typeOfValue(values[0]!);
  return first !== 'json' && values.every((v) => typeOfValue(v) === first) ? first : 'json';
}
