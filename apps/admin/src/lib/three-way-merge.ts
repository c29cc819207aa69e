import { jsonEqual } from './json-equal';

export interface Rebase<T> {
  /** Their current object with my changes applied on top. */
  merged: T;
  /** Fields I changed. */
  mine: (keyof T)[];
  /** Fields they changed. */
  theirs: (keyof T)[];
  /** Fields we both changed, differently: my value wins in `merged`, but the person should look. */
  overlaps: (keyof T)[];
}

/**
 * Reapplies my edit onto someone else's newer version, field by field: every field I changed from
 * `base` takes my value, every other field keeps theirs. Nothing I typed is dropped.
 */
export function rebaseEdit<T extends object>(base: T, mine: T, theirs: T, fields: readonly (keyof T)[]): Rebase<T> {
  const merged = { ...theirs };
  const result: Rebase<T> = { merged, mine: [], theirs: [], overlaps: [] };
  for (const f of fields) {
    const iChanged = !jsonEqual(base[f], mine[f]);
    const theyChanged = !jsonEqual(base[f], theirs[f]);
    if (iChanged) {
      merged[f] = mine[f];
      result.mine.push(f);
    }
    if (theyChanged) result.theirs.push(f);
    if (iChanged && theyChanged && !jsonEqual(mine[f], theirs[f])) result.overlaps.push(f);
  }
  return result;
}
