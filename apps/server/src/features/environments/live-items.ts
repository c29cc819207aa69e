import { toEvaluableFlag, type EvaluableFlag, type Segment } from '@switchyard/core';
import type { Stores } from '../../db/stores';
import { toConfig, toDefinition } from '../flags/flag-views';
import { toSegment } from '../segments/segment-views';

/** What SDKs load of one environment: every live (unarchived) flag as its evaluable form, and every segment. */
export async function liveItems(s: Pick<Stores, 'flags' | 'configs' | 'segments'>, envKey: string): Promise<{ flags: EvaluableFlag[]; segments: Segment[] }> {
  const defs = new Map((await s.flags.list({ archived: false })).map((f) => [f.key, toDefinition(f)]));
  const flags: EvaluableFlag[] = [];
  for (const config of await s.configs.listForEnvironment(envKey)) {
    const def = defs.get(config.flagKey);
    if (def) flags.push(toEvaluableFlag(def, toConfig(config)));
  }
  return { flags, segments: (await s.segments.list(envKey)).map(toSegment) };
}
