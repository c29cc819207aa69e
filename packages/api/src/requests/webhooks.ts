import { keySchema, requiredText } from '@switchyard/core';
import { z } from 'zod';

const filter = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'must list at least one (leave it out to match every one)').max(100).optional();

export const createWebhookBody = z.strictObject({
  name: requiredText(100, 'must not be empty'),
  url: z
    .string()
    .max(2000)
    .refine((u) => {
      try {
        const p = new URL(u).protocol;
        return p === 'http:' || p === 'https:';
      } catch {
        return false;
      }
    }, 'must be an http:// or https:// URL'),
  format: z.enum(['json', 'slack'], 'must be json or slack').optional(),
  environments: filter(keySchema),
  flags: filter(keySchema),
  tags: filter(z.string().min(1).max(100)),
  actions: filter(z.string().regex(/^[a-z][a-z.-]{0,60}$/, 'must be an audit action like flag.kill')),
  reason: z.string().max(1000).optional(),
});
export type CreateWebhookBody = z.infer<typeof createWebhookBody>;

export const webhookReasonBody = z.strictObject({ reason: requiredText(1000, 'is required: say why') });

export const replayWebhookBody = z
  .strictObject({
    fromSeq: z.number().int().min(1),
    /** Default: the same as fromSeq (one delivery). */
    toSeq: z.number().int().min(1).optional(),
    reason: requiredText(1000, 'is required: say why'),
  })
  .refine((b) => b.toSeq === undefined || b.toSeq >= b.fromSeq, { path: ['toSeq'], message: 'must not be below fromSeq' });

export const webhookIdParams = z.strictObject({ id: z.string().regex(/^whk_[A-Za-z0-9_-]{1,40}$/, 'must be a webhook id like whk_…') });

export const deliveriesQuery = z.strictObject({
  before: z.coerce.number({ error: 'must be a number' }).int().min(1).optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(200).default(50),
});
