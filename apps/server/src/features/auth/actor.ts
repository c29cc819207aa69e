import type { Role } from '../../db/records';

/** Who is making a change: an admin token (by name and id) or the server itself. */
export interface Actor {
  name: string;
  keyId: string | null;
  role: Role;
}

export const SYSTEM_ACTOR: Actor = { name: 'system', keyId: null, role: 'admin' };
