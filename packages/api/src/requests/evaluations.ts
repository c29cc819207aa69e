import { z } from 'zod';

/** How many days of per-day counts the server keeps (older days are pruned hourly). */
export const EVALUATION_DAYS_KEPT = 90;

/** `GET /api/v1/flags/:key/evaluations/daily?days=N`: the last N UTC days, today included (default 30). */
export const evaluationDaysQuery = z.strictObject({
  days: z.coerce.number().int('must be a whole number of days').min(1, 'must be at least 1').max(EVALUATION_DAYS_KEPT, `must be at most ${EVALUATION_DAYS_KEPT}: older days are not kept`).default(30),
});
