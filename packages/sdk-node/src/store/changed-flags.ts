import type { EvaluableFlag, FlagEvaluator, Segment } from '@switchyard/core';

/**
 * Which flags may evaluate differently after a snapshot replaced `before` with what `evaluator`
 * now holds: flags added, removed or modified, flags whose segments were added, removed or
 * modified, and (through {@link withDependents}) every flag that requires one of those.
 */
export function diffRuleSets(
  before: { flags: ReadonlyMap<string, EvaluableFlag>; segments: ReadonlyMap<string, Segment> },
  after: { flags: ReadonlyMap<string, EvaluableFlag>; segments: ReadonlyMap<string, Segment> },
  evaluator: FlagEvaluator,
): string[] {
  const changed = new Set<string>();
  for (const [key, flag] of after.flags) if (!sameItem(before.flags.get(key), flag)) changed.add(key);
  for (const key of before.flags.keys()) if (!after.flags.has(key)) changed.add(key);
  const changedSegments = new Set<string>();
  for (const [key, segment] of after.segments) if (!sameItem(before.segments.get(key), segment)) changedSegments.add(key);
  for (const key of before.segments.keys()) if (!after.segments.has(key)) changedSegments.add(key);
  if (changedSegments.size > 0)
    for (const key of evaluator.keys()) if (evaluator.get(key)?.segmentKeys.some((s) => changedSegments.has(s))) changed.add(key);
  return withDependents(evaluator, changed);
}

/** Whether two versions of a flag or segment are the same (versions first, then content). */
export function sameItem(a: { version: number } | undefined, b: { version: number } | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.version === b.version && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * `keys` plus every flag that requires one of them as a prerequisite, directly or not: their
 * results may change too. Costs one pass over the loaded flags, and only when something changed.
 */
export function withDependents(evaluator: FlagEvaluator, keys: Iterable<string>): string[] {
  const result = new Set(keys);
  if (result.size === 0) return [];
  let dependents: Map<string, string[]> | undefined;
  const queue = [...result];
  while (queue.length > 0) {
    const key = queue.pop()!;
    dependents ??= dependentsIndex(evaluator);
    for (const dependent of dependents.get(key) ?? [])
      if (!result.has(dependent)) {
        result.add(dependent);
        queue.push(dependent);
      }
  }
  return [...result];
}

function dependentsIndex(evaluator: FlagEvaluator): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const key of evaluator.keys())
    for (const required of evaluator.get(key)?.prerequisiteKeys ?? []) {
      const list = index.get(required);
      if (list === undefined) index.set(required, [key]);
      else list.push(key);
    }
  return index;
}
