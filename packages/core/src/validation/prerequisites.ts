import type { Prerequisite } from '../model/rule';
import type { ValidationIssue } from './issue';

/**
 * Write-time checks of a flag's prerequisites: each names another existing flag (not the flag
 * itself, and not twice) and one of that flag's variations. Cycles through several flags are found
 * by {@link findPrerequisiteCycle}.
 *
 * @param flagKey - the flag whose prerequisites these are.
 * @param lookup - the number of variations of a flag by key, or undefined when there is no such flag.
 * @returns the issues, paths relative to the config (`prerequisites.i.flag`...); empty when valid.
 */
export function checkPrerequisites(
  flagKey: string,
  prerequisites: readonly Prerequisite[],
  lookup: (key: string) => { variations: number } | undefined,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  prerequisites.forEach((p, i) => {
    if (p.flag === flagKey) return void issues.push({ path: ['prerequisites', i, 'flag'], message: 'is the flag itself: a flag cannot be its own prerequisite' });
    if (seen.has(p.flag)) issues.push({ path: ['prerequisites', i, 'flag'], message: `lists "${p.flag}" a second time` });
    seen.add(p.flag);
    const other = lookup(p.flag);
    if (other === undefined) return void issues.push({ path: ['prerequisites', i, 'flag'], message: `names no flag: "${p.flag}" does not exist` });
    if (!Number.isInteger(p.variation) || p.variation < 0 || p.variation >= other.variations)
      issues.push({
        path: ['prerequisites', i, 'variation'],
        message: `is variation ${p.variation}, but "${p.flag}" has ${other.variations} variation${other.variations === 1 ? '' : 's'} (0..${other.variations - 1})`,
      });
  });
  return issues;
}

/**
 * Finds a prerequisite cycle reachable from `startKey` in a graph of flags to their prerequisites.
 *
 * @returns the keys along the cycle, the first repeated at the end (`['a', 'b', 'a']`; `['a', 'a']`
 *   for a flag requiring itself), or null when no cycle is reachable.
 */
export function findPrerequisiteCycle(flags: ReadonlyMap<string, readonly Prerequisite[]>, startKey: string): string[] | null {
  // Iterative depth-first search (a long chain must not overflow the stack). `path` holds the
  // keys from startKey to the current flag; a prerequisite already on it closes a cycle.
  const done = new Set<string>();
  const path: string[] = [startKey];
  const onPath = new Set<string>([startKey]);
  const next: number[] = [0];
  while (path.length > 0) {
    const key = path[path.length - 1] as string;
    const prerequisites = flags.get(key) ?? [];
    const i = next[next.length - 1] as number;
    if (i >= prerequisites.length) {
      done.add(key);
      onPath.delete(key);
      path.pop();
      next.pop();
      continue;
    }
    next[next.length - 1] = i + 1;
    const child = (prerequisites[i] as Prerequisite).flag;
    if (onPath.has(child)) return [...path.slice(path.indexOf(child)), child];
    if (done.has(child)) continue;
    path.push(child);
    onPath.add(child);
    next.push(0);
  }
  return null;
}
