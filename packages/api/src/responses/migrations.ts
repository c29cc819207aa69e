import { backfillReportSchema, migrationGatesSchema, migrationStageSchema, migrationStateSchema, type MoveOption } from '@switchyard/core';
import { z } from 'zod';
import { coreValue, isoTime } from './common';

const latency = z.looseObject({ p50: z.number().nullable(), p99: z.number().nullable() });

/** What the server measured in the current stage since `since` (the state's evidenceSince). */
export const migrationFigures = z.object({
  now: isoTime,
  since: isoTime,
  comparedReads: z.number(),
  consistentReads: z.number(),
  newInvocations: z.number(),
  newErrors: z.number(),
  oldInvocations: z.number(),
  oldErrors: z.number(),
  consistencyRate: z.number().optional(),
  errorRate: z.number().optional(),
  latency: z.looseObject({ old: latency, new: latency }),
});

export type MigrationFiguresView = z.infer<typeof migrationFigures>;

const refusal = z.looseObject({ rule: z.string(), message: z.string() });

/** A stage, with whether moving there is allowed now and why not. */
export const moveOption = coreValue<MoveOption>();

/** `GET /api/v1/flags/:key/environments/:env/migration`. */
export const migrationView = z.looseObject({
  flag: z.string(),
  environment: z.string(),
  stage: migrationStageSchema,
  state: migrationStateSchema,
  plan: z.looseObject({ reads: z.array(z.string()), returned: z.string(), compare: z.boolean(), writes: z.array(z.string()) }),
  gates: migrationGatesSchema,
  checkRatio: z.number(),
  figures: migrationFigures,
  moves: z.array(moveOption),
  backfills: z.array(backfillReportSchema),
});
export type MigrationView = z.infer<typeof migrationView>;

/** `POST …/migration/transition`: the move made (forced when rules or gates refused it), or why it was refused. */
export const transitionResult = z.union([
  z.looseObject({ allowed: z.literal(true), forced: z.boolean(), state: migrationStateSchema }),
  z.looseObject({ allowed: z.literal(false), reasons: z.array(refusal) }),
]);
export type TransitionResult = z.infer<typeof transitionResult>;

/** `POST …/migration/attest`. */
export const attestResult = z.looseObject({ state: z.unknown() });
/** `POST …/migration/backfill` and `POST /sdk/v1/migrations/measurements`. */
export const acceptedResult = z.record(z.string(), z.unknown());
