import { keySchema, requiredText } from '@switchyard/core';
import { z } from 'zod';
import { reservedNameProblem } from '../actor-names';
import { ROLES } from '../roles';

/** A key's name is the actor its changes are recorded under: never blank, never one the server uses. */
const name = requiredText(100, 'must not be empty').superRefine((value, ctx) => {
  const problem = reservedNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A browser origin as browsers send it in `Origin`: scheme, host and non-default port, nothing else. */
const origin = z
  .string()
  .max(300)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
    } catch {
      return false;
    }
  }, 'must be an origin like https://shop.example.com (scheme and host, a port if not the default, no path or trailing slash)');

export const createKeyBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('admin'), role: z.enum(ROLES), name, reason: z.string().max(1000).optional() }),
  z.strictObject({ kind: z.literal('server'), environment: keySchema, name, reason: z.string().max(1000).optional() }),
  z.strictObject({
    kind: z.literal('client'),
    environment: keySchema,
    name,
    reason: z.string().max(1000).optional(),
    /** Browser origins allowed to read OFREP answers with this key (docs/ofrep.md, CORS). */
    allowedOrigins: z.array(origin).min(1, 'must list at least one origin (leave it out for none)').max(50, 'must list at most 50 origins').optional(),
  }),
]);
export type CreateKeyBody = z.infer<typeof createKeyBody>;

export const revokeKeyBody = z.strictObject({ reason: requiredText(1000, 'is required: say why') });

export const keyIdParams = z.strictObject({ id: z.string().regex(/^key_[A-Za-z0-9_-]{1,40}$/, 'must be a key id like key_…') });
