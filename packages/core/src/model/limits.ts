/**
 * Size limits on what a flag or segment may hold. They keep a single flag from becoming a
 * denial of service for every SDK that compiles it. Enforced by the schemas in this folder.
 */
export const LIMITS = {
  keyLength: 100,
  nameLength: 200,
  descriptionLength: 2_000,
  tags: 20,
  tagLength: 50,
  variations: 50,
  rules: 200,
  clausesPerRule: 50,
  valuesPerClause: 1_000,
  targetValues: 10_000,
  prerequisites: 20,
  /** Keys a segment may include, and as many it may exclude: large lists of keys belong in segments. */
  segmentKeys: 100_000,
  segmentRules: 100,
  attributeLength: 200,
  stringValueLength: 1_000,
  regexLength: 256,
  /** Input longer than this is never fed to a `matches` regex (it does not match). */
  regexInputLength: 4_096,
  /** Nesting depth of prerequisites followed at evaluation. */
  prerequisiteDepth: 10,
  /** A release gate's PromQL expression. */
  promQueryLength: 2_000,
} as const;

/** Total number of buckets a percentage rollout divides contexts into (weights sum to this). */
export const BUCKET_COUNT = 100_000;
