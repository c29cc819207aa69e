import type { ApiClient } from '../http/api-client';
import { seg } from '../http/api-client';
import type { ConfigView, EnvironmentView, FlagView, SegmentView } from '../http/api-types';
import type { DesiredConfig, DesiredSegment } from './flag-file-schema';

/** What the server holds for one environment, read before exporting or planning. */
export interface ServerState {
  environment: string;
  flags: Map<string, FlagView>;
  archived: Map<string, FlagView>;
  segments: Map<string, SegmentView>;
}

/** Reads an environment's flags (live and archived) and segments: four GETs, nothing written. */
export async function readServerState(api: ApiClient, environment: string): Promise<ServerState> {
  await api.get<EnvironmentView>(`/api/v1/environments/${seg(environment)}`);
  const [live, archived, segments] = await Promise.all([
    api.get<{ items: FlagView[] }>('/api/v1/flags'),
    api.get<{ items: FlagView[] }>('/api/v1/flags', { archived: true }),
    api.get<{ items: SegmentView[] }>(`/api/v1/environments/${seg(environment)}/segments`),
  ]);
  return {
    environment,
    flags: new Map(live.items.map((f) => [f.key, f])),
    archived: new Map(archived.items.map((f) => [f.key, f])),
    segments: new Map(segments.items.map((s) => [s.key, s])),
  };
}

/** A config's desired-state part: no kill state, version or row keys. */
export function desiredConfigOf(c: ConfigView): DesiredConfig {
  return { enabled: c.enabled, targets: c.targets, rules: c.rules, fallthrough: c.fallthrough, prerequisites: c.prerequisites };
}

export function desiredSegmentOf(s: SegmentView): DesiredSegment {
  return { key: s.key, name: s.name, description: s.description, included: s.included, excluded: s.excluded, rules: s.rules };
}
