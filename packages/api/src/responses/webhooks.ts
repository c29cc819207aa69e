import { z } from 'zod';
import { isoTime, listOf } from './common';

const filter = z.array(z.string()).nullable();

/** An outbound webhook as the API shows it: the URL cut to its origin, never its secret or lease. */
export const webhookView = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  format: z.enum(['json', 'slack']),
  environments: filter,
  flags: filter,
  tags: filter,
  actions: filter,
  createdAt: isoTime,
  createdBy: z.string(),
  disabledAt: isoTime.nullable(),
  disabledBy: z.string().nullable(),
});
export type WebhookView = z.infer<typeof webhookView>;
export const webhookList = listOf(webhookView);

/** `POST /api/v1/webhooks`: the signing secret, shown once. */
export const createdWebhook = z.object({ webhook: webhookView, secret: z.string() });

export const replayResult = z.object({ requeued: z.number() });

/** One line of a webhook's delivery log. */
export const webhookDelivery = z.object({
  webhookId: z.string(),
  seq: z.number(),
  status: z.enum(['pending', 'delivered']),
  attempts: z.number(),
  nextAttemptAt: z.number(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: isoTime.nullable(),
  createdAt: isoTime,
  attemptLog: z.array(z.object({ attempt: z.number(), at: isoTime, status: z.number().nullable(), error: z.string().nullable(), durationMs: z.number(), sender: z.string() })),
});
export type WebhookDelivery = z.infer<typeof webhookDelivery>;
export const webhookDeliveryPage = z.object({ items: z.array(webhookDelivery), nextBefore: z.number().nullable() });
