import { z } from 'zod';

/** Admin roles, from least to most allowed (what each may do: the server's auth/permissions.ts). */
export const ROLES = ['viewer', 'responder', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });

/** What an API key is for: the admin API (with a role), or one environment's server or client SDKs. */
export const KEY_KINDS = ['admin', 'server', 'client'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];
