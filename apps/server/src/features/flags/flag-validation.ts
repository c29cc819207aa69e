import {
  checkEnvironmentConfig,
  checkFlagDefinition,
  checkPrerequisites,
  findPrerequisiteCycle,
  type EnvironmentConfig,
  type FlagDefinition,
  type Prerequisite,
} from '@switchyard/core';
import type { Tx } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import { throwIfIssues } from '../../errors/parse-input';

const NO_SEGMENTS: ReadonlySet<string> = new Set();

export function validateDefinition(def: FlagDefinition): void {
  throwIfIssues('body', checkFlagDefinition(def));
}

/**
 * Checks a config against its flag and the environment it lives in: variation indexes, segment
 * references, safe regexes, prerequisites that exist and form no cycle. 400 naming the field.
 */
export async function validateConfig(
  tx: Tx,
  def: FlagDefinition,
  envKey: string,
  config: Omit<EnvironmentConfig, 'version'>,
  root = 'body',
): Promise<void> {
  // Only segmentMatch clauses name segments: most configs (every toggle of one without them) need no read.
  const namesSegments = config.rules.some((rule) => rule.clauses.some((clause) => clause.op === 'segmentMatch'));
  const segmentKeys = namesSegments ? new Set((await tx.segments.list(envKey)).map((s) => s.key)) : NO_SEGMENTS;
  throwIfIssues(root, checkEnvironmentConfig(def, config, segmentKeys));
  if (config.prerequisites.length === 0) return;
  const others = new Map((await tx.flags.list({ archived: false })).map((f) => [f.key, f]));
  throwIfIssues(
    root,
    checkPrerequisites(def.key, config.prerequisites, (key) => {
      const f = others.get(key);
      return f ? { variations: f.variations.length } : undefined;
    }),
  );
  const graph = new Map<string, Prerequisite[]>();
  for (const c of await tx.configs.listForEnvironment(envKey)) graph.set(c.flagKey, c.prerequisites);
  graph.set(def.key, config.prerequisites);
  const cycle = findPrerequisiteCycle(graph, def.key);
  if (cycle)
    throw new AppError('VALIDATION_FAILED', `${root}.prerequisites form a cycle: ${cycle.join(' → ')}`, [
      { path: `${root}.prerequisites`, message: `form a cycle: ${cycle.join(' → ')}` },
    ]);
}
