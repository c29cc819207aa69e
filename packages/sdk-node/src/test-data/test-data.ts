import type { EvaluableFlag, Segment, SegmentRule } from '@switchyard/core';
import type { DataSourceSink } from '../data-sources/data-source';
import type { RuleSetInput } from '../store/rule-set-input';
import type { FlagBuilder } from './flag-builder';
import { FlagDraft } from './flag-draft';

/** A segment for test data: only `key` is required. */
export interface TestSegment {
  key: string;
  included?: string[];
  excluded?: string[];
  rules?: SegmentRule[];
  name?: string;
  description?: string;
}

/**
 * Flags and segments held in memory, for tests without a server: give it to
 * `createClient({ testData })` (as many clients as you like), then change flags while the test
 * runs; every client applies each change at once, through the same code path as the stream
 * (versions, change events, `applied` events). See docs/sdk-node.md.
 *
 * ```ts
 * const td = createTestData();
 * td.update(td.flag('new-checkout').booleanFlag().variationForAll(true));
 * const client = createClient({ testData: td });
 * client.boolVariation('new-checkout', { key: 'user-1' }, false); // true
 * td.update(td.flag('new-checkout').variationForKey('user-1', false));
 * ```
 */
export interface TestData {
  /** A builder for `key`: a copy of the flag if test data holds it, else a boolean flag, on, serving `true`. */
  flag(key: string): FlagBuilder;
  /** Stores the built flag as the next version and pushes it to every client. */
  update(builder: FlagBuilder): TestData;
  /** Stores a complete flag as given (e.g. one copied from `GET /sdk/v1/flags`); its `version` is replaced. */
  upsertFlag(flag: EvaluableFlag): TestData;
  /** Stores a segment (name, description, lists and rules default to empty). */
  upsertSegment(segment: TestSegment | Segment): TestData;
  deleteFlag(key: string): TestData;
  deleteSegment(key: string): TestData;
  /** Replaces everything (e.g. with a fixture or a saved `GET /sdk/v1/flags` body): clients get a snapshot. */
  setRuleSet(ruleSet: RuleSetInput): TestData;
  /** The version of the last change (0 before any). */
  readonly version: number;
}

/** What the test data source reaches through {@link attachTestData}; not part of the public surface. */
interface TestDataState {
  flags: Map<string, EvaluableFlag>;
  segments: Map<string, Segment>;
  sinks: Set<DataSourceSink>;
}

const states = new WeakMap<TestData, TestDataState>();

/** Creates an empty test data source. */
export function createTestData(): TestData {
  const state: TestDataState = { flags: new Map(), segments: new Map(), sinks: new Set() };
  let version = 0;

  const push = (message: Parameters<DataSourceSink['apply']>[0]) => {
    for (const sink of state.sinks) sink.apply(message, 'test-data');
  };

  const testData: TestData = {
    get version() {
      return version;
    },
    flag(key) {
      const existing = state.flags.get(key);
      return existing === undefined ? new FlagDraft(key) : FlagDraft.from(existing);
    },
    update(builder) {
      if (!(builder instanceof FlagDraft)) throw new Error('test data: update() takes a builder from testData.flag(key)');
      const flag = builder.build(version + 1, (key) => state.flags.get(key)?.variations);
      return testData.upsertFlag(flag);
    },
    upsertFlag(flag) {
      const stored = { ...structuredClone(flag), version: ++version };
      state.flags.set(stored.key, stored);
      push({ type: 'patch', version, kind: 'flag', key: stored.key, data: stored });
      return testData;
    },
    upsertSegment(segment) {
      const stored: Segment = {
        key: segment.key,
        name: segment.name ?? segment.key,
        description: segment.description ?? '',
        included: [...(segment.included ?? [])],
        excluded: [...(segment.excluded ?? [])],
        rules: structuredClone(segment.rules ?? []),
        version: ++version,
      };
      state.segments.set(stored.key, stored);
      push({ type: 'patch', version, kind: 'segment', key: stored.key, data: stored });
      return testData;
    },
    deleteFlag(key) {
      if (state.flags.delete(key)) push({ type: 'delete', version: ++version, kind: 'flag', key });
      return testData;
    },
    deleteSegment(key) {
      if (state.segments.delete(key)) push({ type: 'delete', version: ++version, kind: 'segment', key });
      return testData;
    },
    setRuleSet(ruleSet) {
      version++;
      state.flags = new Map(ruleSet.flags.map((f) => [f.key, structuredClone(f)]));
      state.segments = new Map((ruleSet.segments ?? []).map((s) => [s.key, structuredClone(s)]));
      for (const sink of state.sinks) sink.replace(currentRuleSet(state, version), 'test-data');
      return testData;
    },
  };
  states.set(testData, state);
  return testData;
}

function currentRuleSet(state: TestDataState, version: number) {
  return { environment: 'test-data', version, flags: [...state.flags.values()], segments: [...state.segments.values()] };
}

/**
 * Connects a client's sink to test data: loads what it holds now and forwards every later change.
 * @returns detach.
 */
export function attachTestData(testData: TestData, sink: DataSourceSink): () => void {
  const state = states.get(testData);
  if (state === undefined) throw new Error('testData must come from createTestData()');
  sink.replace(currentRuleSet(state, testData.version), 'test-data');
  state.sinks.add(sink);
  return () => state.sinks.delete(sink);
}

/** Whether a value is test data made by {@link createTestData} (for option checks). */
export function isTestData(value: unknown): value is TestData {
  return typeof value === 'object' && value !== null && states.has(value as TestData);
}
