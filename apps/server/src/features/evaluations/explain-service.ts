import { createEvaluator, type EvaluationContext, type EvaluationTrace } from '@switchyard/core';
import type { Database } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import { liveItems } from '../environments/live-items';

/** The answer of `POST /api/v1/flags/:key/environments/:env/explain`. */
export interface ExplainView {
  flag: string;
  environment: string;
  /** The environment version the rules were read at. */
  version: number;
  context: EvaluationContext;
  trace: EvaluationTrace;
}

/**
 * "Why did this context get this value?": evaluates a flag for a context on the environment's live
 * rules (what its SDKs hold) with core's explain, which runs the same compiled flag as every SDK.
 * A read: nothing is written, counted or audited.
 */
export function createExplainService(deps: { db: Database }) {
  return {
    async explain(flagKey: string, envKey: string, context: EvaluationContext): Promise<ExplainView> {
      const { version, flags, segments } = await deps.db.read(async (s) => {
        const env = await s.environments.get(envKey);
        if (!env) throw new AppError('ENVIRONMENT_NOT_FOUND', `No environment "${envKey}".`);
        if (!(await s.flags.get(flagKey))) throw new AppError('FLAG_NOT_FOUND', `No flag "${flagKey}".`);
        return { version: env.version, ...(await liveItems(s, envKey)) };
      });
      // Flags compile on first evaluation: only this flag, its prerequisites and their segments are compiled.
      const trace = createEvaluator({ flags, segments }).explain(flagKey, context);
      return { flag: flagKey, environment: envKey, version, context, trace };
    },
  };
}

export type ExplainService = ReturnType<typeof createExplainService>;
