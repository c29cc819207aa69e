/** A structural problem found in parsed JSON before schema validation. */
export interface JsonShapeProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Check parsed JSON for what schema validation must never see: nesting deeper than `maxDepth`
 * (the value itself is level 1), which would overflow the recursive validators' stack, and
 * `__proto__` keys, which zod's records silently turn into prototypes instead of keys.
 * Recursion is bounded by `maxDepth`, so this cannot overflow itself.
 */
export function checkJsonShape(value: unknown, maxDepth: number): JsonShapeProblem | undefined {
  return walk(value, 1, maxDepth);
}

function walk(value: unknown, depth: number, maxDepth: number): JsonShapeProblem | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > maxDepth) return { path: [], message: `nests deeper than ${maxDepth} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = walk(value[i], depth + 1, maxDepth);
      if (problem) return prefixed(i, problem);
    }
    return undefined;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key === '__proto__') return { path: [key], message: 'is not an allowed key' };
    const problem = walk(record[key], depth + 1, maxDepth);
    if (problem) return prefixed(key, problem);
  }
  return undefined;
}

function prefixed(segment: string | number, problem: JsonShapeProblem): JsonShapeProblem {
  problem.path.unshift(segment);
  return problem;
}
