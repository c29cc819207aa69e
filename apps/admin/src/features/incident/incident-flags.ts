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
 * The flags an incident responder needs: every kill-switch, ops and migration flag, and any flag
 * killed somewhere right now. Killed ones first (most recent kill first), then kill switches, then
 * ops flags, then migrations.
 */
export function incidentFlags(flags: readonly FlagView[], search = ''): FlagView[] {
  const q = search.trim().toLowerCase();
  const rank = (f: FlagView) => (isKilledAnywhere(f) ? 0 : f.type === 'kill-switch' ? 1 : f.type === 'ops' ? 2 : 3);
  const lastKill = (f: FlagView) => Math.max(0, ...Object.values(f.environments).map((c) => (c.killed ? Date.parse(c.killed.at) : 0)));
  return flags
    .filter((f) => f.archivedAt === null && (INCIDENT_TYPES.has(f.type) || isKilledAnywhere(f)))
    .filter((f) => !q || f.key.toLowerCase().includes(q) || f.name.toLowerCase().includes(q) || f.owner.toLowerCase().includes(q))
    .sort((a, b) => rank(a) - rank(b) || lastKill(b) - lastKill(a) || a.key.localeCompare(b.key));
}

/** How many (flag, environment) pairs are killed. */
export function killedPairs(flags: readonly FlagView[]): number {
  return flags.reduce((n, f) => n + Object.values(f.environments).filter((c) => c.killed !== null).length, 0);
}
