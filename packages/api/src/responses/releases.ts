import { releasePlanDefinitionSchema, releaseStateSchema, type GateJudgement } from '@switchyard/core';
import { z } from 'zod';
import { coreValue, isoTime, listOf } from './common';

/** A guarded release plan, as `GET /api/v1/releases/:id` answers (docs/release-plans.md): each gate's figure against its threshold as of now. */
export const releasePlanView = z.object({
  id: z.string(),
  flagKey: z.string(),
  envKey: z.string(),
  definition: releasePlanDefinitionSchema,
  state: releaseStateSchema,
  gateHash: z.string(),
  createdBy: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
  judgements: z.array(coreValue<GateJudgement>()).optional(),
});
export type ReleasePlanView = z.infer<typeof releasePlanView>;
export const releasePlanList = listOf(releasePlanView);
