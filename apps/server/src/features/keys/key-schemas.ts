import { keySchema, requiredText } from '@switchyard/core';
import { z } from 'zod';
import { reservedNameProblem } from '../auth/actor';
import { ROLES } from '../auth/permissions';

/** A key's name is the actor its changes are recorded under: never blank, never one the server uses. */
const name = requiredText(100, 'must not be empty').superRefine((value, ctx) => {
  const problem = reservedNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const createKeyBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('admin'), role: z.enum(ROLES), name, reason: z.string().max(1000).optional() }),
  z.strictObject({ kind: z.literal('server'), environment: keySchema, name, reason: z.string().max(1000).optional() }),
  z.strictObject({ kind: z.literal('client'), environment: keySchema, name, reason: z.string().max(1000).optional() }),
]);
export type CreateKeyBody = z.infer<typeof createKeyBody>;

export const revokeKeyBody = z.strictObject({ reason: requiredText(1000, 'is required: say why') });

export const keyIdParams = z.strictObject({ id: z.string().regex(/^key_[A-Za-z0-9_-]{1,40}$/, 'must be a key id like key_…') });
