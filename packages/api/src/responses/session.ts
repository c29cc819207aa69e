import { z } from 'zod';
import { roleSchema } from '../roles';

export const actorView = z.object({ name: z.string(), role: roleSchema });
export type ActorView = z.infer<typeof actorView>;

/** `POST/GET /api/v1/session`. */
export const sessionView = z.object({ actor: actorView, csrfToken: z.string() });
export type SessionView = z.infer<typeof sessionView>;
