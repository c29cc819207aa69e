import { z } from 'zod';
import { KEY_KINDS, roleSchema } from '../roles';
import { isoTime, listOf } from './common';

/** An API key as listed: never its secret or hash. */
export const keyView = z.object({
  id: z.string(),
  kind: z.enum(KEY_KINDS),
  role: roleSchema.nullable(),
  envKey: z.string().nullable(),
  name: z.string(),
  hint: z.string(),
  createdAt: isoTime,
  createdBy: z.string(),
  revokedAt: isoTime.nullable(),
  revokedBy: z.string().nullable(),
  /** Client keys: browser origins allowed to read OFREP answers (absent: none beyond the server's list). */
  allowedOrigins: z.array(z.string()).optional(),
});
export type KeyView = z.infer<typeof keyView>;
export const keyList = listOf(keyView);

/** `POST /api/v1/keys`: the only time the secret is ever shown. */
export const createdKey = z.object({ key: keyView, secret: z.string() });
export type CreatedKey = z.infer<typeof createdKey>;
