import { z } from 'zod';

/** `POST /api/v1/session`: sign in with an admin token. */
export const signInBody = z.strictObject({ token: z.string().min(1, 'is required').max(300) });
