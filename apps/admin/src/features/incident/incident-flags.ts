import type { FlagType } from '@switchyard/core';
import type { FlagView } from '../../api/types';

/**
 * Types made for incidents, always on the incident view: kill switches, ops flags, and migrations
 * (a responder's kill rolls one back to its safe stage).
 */
export const INCIDENT_TYPES: ReadonlySet<FlagType> = new Set<FlagType>(['kill-switch', 'ops', 'migration']);

export function isKilledAnywhere(flag: Pick<FlagView, 'environments'>): boolean {
  return Object.values(flag.environments).some((c) => c.killed !== null);
}

/**
 * The flags an incident responder needs: every kill-switch, ops and migration flag, any flag killed
 * somewhere right now, and the flags restored since the page opened (`restored`), so a restore does
 * not make its row vanish. A search looks through every live flag, whatever its type: the flag at
 * fault is often a release flag. Killed ones first (most recent kill first), then restored ones, then
 * kill switches, ops flags, migrations, and the rest.
 */
export function incidentFlags(flags: readonly FlagView[], search = '', restored: ReadonlySet<string> = new Set()): FlagView[] {
  const q = search.trim().toLowerCase();
  const rank = (f: FlagView) => (isKilledAnywhere(f) ? 0 : restored.has(f.key) ? 1 : f.type === 'kill-switch' ? 2 : f.type === 'ops' ? 3 : f.type === 'migration' ? 4 : 5);
  const lastKill = (f: FlagView) => Math.max(0, ...Object.values(f.environments).map((c) => (c.killed ? Date.parse(c.killed.at) : 0)));
  return flags
    .filter((f) => f.archivedAt === null && (q !== '' || INCIDENT_TYPES.has(f.type) || isKilledAnywhere(f) || restored.has(f.key)))
    .filter((f) => !q || f.key.toLowerCase().includes(q) || f.name.toLowerCase().includes(q) || f.owner.toLowerCase().includes(q))
    .sort((a, b) => rank(a) - rank(b) || lastKill(b) - lastKill(a) || a.key.localeCompare(b.key));
}

/** Keys of the flags killed somewhere in `before` and killed nowhere in `after`: just restored. */
export function restoredBetween(before: readonly FlagView[], after: readonly FlagView[]): string[] {
  const wasKilled = new Set(before.filter(isKilledAnywhere).map((f) => f.key));
  return after.filter((f) => wasKilled.has(f.key) && !isKilledAnywhere(f)).map((f) => f.key);
}

/** How many (flag, environment) pairs are killed. */
export function killedPairs(flags: readonly FlagView[]): number {
  return flags.reduce((n, f) => n + Object.values(f.environments).filter((c) => c.killed !== null).length, 0);
}
