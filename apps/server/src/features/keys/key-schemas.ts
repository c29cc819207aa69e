import { keySchema } from '@switchyard/core';
import { z } from 'zod';
import { ROLES } from '../auth/permissions';

const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export const createKeyBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('admin'), role: z.enum(ROLES), name, reason: z.string().max(1000).optional() }),
  z.strictObject({ kind: z.literal('server'), environment: keySchema, name, reason: z.string().max(1000).optional() }),
  z.strictObject({ kind: z.literal('client'), environment: keySchema, name, reason: z.string().max(1000).optional() }),
]);
export type CreateKeyBody = z.infer<typeof createKeyBody>;

export const revokeKeyBody = z.strictObject({ reason: z.string().trim().min(1, 'is required: say why').max(1000) });

export const keyIdParams = z.strictObject({ id: z.string().regex(/^key_[A-Za-z0-9_-]{1,40}$/, 'must be a key id like key_…') });
