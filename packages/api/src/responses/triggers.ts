import { z } from 'zod';
import { TRIGGER_ACTIONS } from '../requests/triggers';
import { isoTime, listOf } from './common';

/** An incident trigger as the API shows it: never its URL token or signing secret. */
export const triggerView = z.object({
  id: z.string(),
  name: z.string(),
  flagKey: z.string(),
  envKey: z.string(),
  action: z.enum(TRIGGER_ACTIONS),
  urlHint: z.string(),
  signed: z.boolean(),
  createdAt: isoTime,
  createdBy: z.string(),
  rotatedAt: isoTime.nullable(),
  disabledAt: isoTime.nullable(),
  disabledBy: z.string().nullable(),
});
export type TriggerView = z.infer<typeof triggerView>;
export const triggerList = listOf(triggerView);

/** Creating or rotating a trigger: the URL path and signing secret, shown once. */
export const triggerSecrets = z.object({ trigger: triggerView, url: z.string(), signingSecret: z.string().nullable() });
export type TriggerSecrets = z.infer<typeof triggerSecrets>;

/** The answer to a trigger call, the same for a repeat: the entry that made the state, its version, where it has landed. */
export const triggerResult = z.object({ auditSeq: z.number().nullable(), version: z.number(), landed: z.object({ n: z.number(), of: z.number() }) });
export type TriggerResult = z.infer<typeof triggerResult>;
