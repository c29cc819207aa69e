import { keySchema, requiredText } from '@switchyard/core';
import { z } from 'zod';


/**
 * What a call does: kill or restore the flag, or hold (pause) or abort the guarded release plan
 * running on it there (abort kills the flag, as the release service's abort does).
 */
export const TRIGGER_ACTIONS = ['kill', 'restore', 'abort-plan', 'hold-plan'] as const;
export type TriggerAction = (typeof TRIGGER_ACTIONS)[number];

export const createTriggerBody = z.strictObject({
  name: requiredText(100, 'must not be empty'),
  flag: keySchema,
  environment: keySchema,
  action: z.enum(TRIGGER_ACTIONS, 'must be kill, restore, abort-plan or hold-plan'),
  /** Whether calls must carry an X-Switchyard-Signature made with the secret shown once (default false). */
  signed: z.boolean().optional(),
  reason: z.string().max(1000).optional(),
});
export type CreateTriggerBody = z.infer<typeof createTriggerBody>;

export const triggerReasonBody = z.strictObject({ reason: requiredText(1000, 'is required: say why') });

export const triggerIdParams = z.strictObject({ id: z.string().regex(/^trg_[A-Za-z0-9_-]{1,40}$/, 'must be a trigger id like trg_…') });

/** The URL token in `POST /hooks/v1/triggers/:token` (anything else is simply not found). */
export const triggerTokenParams = z.strictObject({ token: z.string().max(200) });

/** A call's body is opaque; what is kept of it in the audit entry is at most this many characters of JSON. */
export const STORED_PAYLOAD_CHARS = 8_192;

/** Largest trigger call body accepted (alerting tools batch several alerts into one call). */
export const TRIGGER_BODY_LIMIT = 64 * 1024;
