import { createHash } from 'node:crypto';
import { toEvaluableFlag, type RuleSet } from '@switchyard/core';
import type { Database } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import { isDatabaseUnavailable } from '../../errors/database-unavailable';
import { toConfig, toDefinition } from '../flags/flag-views';

/** One environment's rule set at one version, serialised once and served from memory. */
export interface CachedRuleSet {
  version: number;
  body: Buffer;
  etag: string;
}

/**
 * Builds an environment's rule set for server SDKs (live flags and segments) and keeps the
 * serialised bytes per version, so every request at an unchanged version costs one version lookup.
 */
export function createRuleSetCache(db: Database) {
  const cache = new Map<string, CachedRuleSet>();

  async function build(envKey: string): Promise<CachedRuleSet> {
    return db.read(async (s) => {
      const env = await s.environments.get(envKey);
      if (!env) throw new AppError('ENVIRONMENT_NOT_FOUND', `No environment "${envKey}".`);
      const defs = new Map((await s.flags.list({ archived: false })).map((f) => [f.key, toDefinition(f)]));
      const flags = [];
      for (const config of await s.configs.listForEnvironment(envKey)) {
        const def = defs.get(config.flagKey);
        if (def) flags.push(toEvaluableFlag(def, toConfig(config)));
      }
      const segments = (await s.segments.list(envKey)).map(({ envKey: _e, createdAt: _c, updatedAt: _u, ...segment }) => segment);
      const ruleSet: RuleSet = { environment: envKey, version: env.version, flags, segments };
      const body = Buffer.from(JSON.stringify(ruleSet));
      return { version: env.version, body, etag: `"${envKey}-${env.version}-${createHash('sha1').update(body).digest('base64url').slice(0, 12)}"` };
    });
  }

  return {
    /**
     * The current rule set. While the database cannot be reached, the last one built is served
     * (marked `stale`), so SDKs polling or starting keep getting rules through an outage.
     */
    async get(envKey: string): Promise<CachedRuleSet & { stale?: boolean }> {
      let version: number | undefined;
      try {
        version = await db.read(async (s) => (await s.environments.get(envKey))?.version);
      } catch (err) {
        const last = cache.get(envKey);
        if (last && isDatabaseUnavailable(err)) return { ...last, stale: true };
        throw err;
      }
      const hit = cache.get(envKey);
      if (hit && hit.version === version) return hit;
      const fresh = await build(envKey);
      cache.set(envKey, fresh);
      return fresh;
    },
  };
}

export type RuleSetCache = ReturnType<typeof createRuleSetCache>;
