/**
 * Loader for the shared evaluation fixtures in test/fixtures/evaluation (format: docs/evaluation.md).
 * Every suite that evaluates flags (core, the Node SDK, the browser SDK, the server's evaluation
 * endpoint) runs the same cases and compares results the same way, with {@link comparableResult}.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  ErrorCode,
  EvaluableFlag,
  EvaluationReason,
  EvaluationResult,
  JsonValue,
  Segment,
  VariationType,
} from '../../packages/core/src/index';

/** The fields of a result a case pins. An absent field must be absent from the result. */
export interface ExpectedResult {
  value: JsonValue;
  variant?: string;
  reason: EvaluationReason;
  errorCode?: ErrorCode;
  ruleIndex?: number;
  ruleId?: string;
  killed?: boolean;
}

/** One case: evaluate `flag` for `context` (absent: undefined) and expect `expected`. */
export interface EvaluationFixtureCase {
  name: string;
  flag: string;
  /** Anything, including null and non-objects; an absent context is evaluated as `undefined`. */
  context?: unknown;
  /** When present, the case goes through `evaluateTyped(flag, context, expectedType, default)`. */
  expectedType?: VariationType;
  default?: JsonValue;
  expected: ExpectedResult;
  /** How the expectation was worked out (e.g. the bucket, from the bucketing vectors). */
  note?: string;
}

/** One fixture file: an environment (segments and flags) and the cases run against it. */
export interface EvaluationFixtureFile {
  /** The file name, e.g. `operators-equality-and-strings.json`. */
  file: string;
  description: string;
  segments: Segment[];
  flags: EvaluableFlag[];
  cases: EvaluationFixtureCase[];
}

/** One published bucketing vector: `bucketOf(salt, value) === bucket`. */
export interface BucketVector {
  salt: string;
  value: string;
  murmur3: number;
  bucket: number;
}

/** The bucketing vectors file: hashes of inputs and buckets of (salt, value) pairs. */
export interface BucketingVectors {
  description: string;
  hashes: { input: string; utf8Hex?: string; murmur3: number }[];
  buckets: BucketVector[];
}

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** Directory of the evaluation fixture files. */
export const EVALUATION_FIXTURES_DIR = join(FIXTURES, 'evaluation');

/** Loads every evaluation fixture file, sorted by name. Throws when a file is malformed. */
export function loadEvaluationFixtures(): EvaluationFixtureFile[] {
  return readdirSync(EVALUATION_FIXTURES_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => parseEvaluationFixture(file, JSON.parse(readFileSync(join(EVALUATION_FIXTURES_DIR, file), 'utf8'))));
}

/**
 * Checks the shape of one parsed fixture file and names it. Without file system access (a browser
 * suite importing the JSON files itself), call this on each imported file.
 */
export function parseEvaluationFixture(file: string, json: unknown): EvaluationFixtureFile {
  const parsed = json as Omit<EvaluationFixtureFile, 'file'>;
  if (typeof parsed?.description !== 'string' || !Array.isArray(parsed.flags) || !Array.isArray(parsed.segments) || !Array.isArray(parsed.cases))
    throw new Error(`${file}: needs description, segments, flags and cases`);
  const names = new Set<string>();
  for (const c of parsed.cases) {
    if (typeof c.name !== 'string' || typeof c.flag !== 'string' || typeof c.expected?.reason !== 'string')
      throw new Error(`${file}: case ${JSON.stringify(c.name)} needs name, flag and expected.reason`);
    if (names.has(c.name)) throw new Error(`${file}: case name ${JSON.stringify(c.name)} is used twice`);
    names.add(c.name);
  }
  return { file, ...parsed };
}

/** Loads test/fixtures/bucketing/vectors.json. */
export function loadBucketingVectors(): BucketingVectors {
  return JSON.parse(readFileSync(join(FIXTURES, 'bucketing', 'vectors.json'), 'utf8')) as BucketingVectors;
}

/** The context a case evaluates: its `context`, or undefined when the case has none. */
export function caseContext(c: EvaluationFixtureCase): unknown {
  return 'context' in c ? c.context : undefined;
}

/**
 * The pinned fields of a result, leaving out absent ones, to compare with a case's `expected`
 * using deep equality.
 */
export function comparableResult(result: EvaluationResult<unknown>): ExpectedResult {
  const out: ExpectedResult = { value: result.value as JsonValue, reason: result.reason };
  if (result.variant !== undefined) out.variant = result.variant;
  if (result.errorCode !== undefined) out.errorCode = result.errorCode;
  if (result.ruleIndex !== undefined) out.ruleIndex = result.ruleIndex;
  if (result.ruleId !== undefined) out.ruleId = result.ruleId;
  if (result.killed !== undefined) out.killed = result.killed;
  return out;
}
