import { z } from 'zod';

import { isoTime } from './common';

/** One audit entry; `before`/`after` are the changed object as stored (any JSON), null where redacted. */
export const auditEntryView = z.object({
  seq: z.number(),
  at: isoTime,
  actor: z.string(),
  actorKeyId: z.string().nullable(),
  action: z.string(),
  resource: z.string(),
  flagKey: z.string().nullable(),
  envKey: z.string().nullable(),
  targetKey: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
  /** Key metadata left out (before/after null) for readers other than admins. */
  redacted: z.literal(true).optional(),
});
export type AuditEntryView = z.infer<typeof auditEntryView>;

export const auditPage = z.object({
  items: z.array(auditEntryView),
  /** Pass as `before` to get the next (older) page; null at the end. */
  nextBefore: z.number().nullable(),
});
export type AuditPage = z.infer<typeof auditPage>;

/** `GET /api/v1/audit/verify`: every break found (the first 1,000; `breakCount` counts all) and how far checkpoints anchor the chain. */
export const chainVerification = z.object({
  ok: z.boolean(),
  entries: z.number(),
  breaks: z.array(z.object({ seq: z.number(), problem: z.string(), message: z.string() })),
  breakCount: z.number(),
  checkpoints: z.object({
    signing: z.boolean(),
    publicKey: z.string().nullable(),
    checked: z.number(),
    newest: z.object({ seq: z.number(), at: isoTime }).nullable(),
    unanchored: z.number(),
  }),
});
export type ChainVerification = z.infer<typeof chainVerification>;
