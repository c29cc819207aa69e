import type { Database } from '../../db/stores';
import { type StaleFlag, staleFlags } from './stale-report';

/** Reports read across features (flags, every environment's configs, evaluation counts) in one read. */
export function createReportService(deps: { db: Database; now: () => Date }) {
  return {
    /** Cleanup candidates for a period of `days` days (see `staleFlags`). */
    staleFlags(days: number): Promise<StaleFlag[]> {
      return deps.db.read(async (s) => {
        const flags = await s.flags.list({ archived: false });
        const environments = await s.environments.list();
        const configs = (await Promise.all(environments.map((e) => s.configs.listForEnvironment(e.key)))).flat();
        return staleFlags(flags, configs, await s.evaluations.listAll(), deps.now(), days);
      });
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
