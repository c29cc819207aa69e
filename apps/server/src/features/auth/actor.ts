import { SYSTEM_ACTOR_NAME, type Role } from '@switchyard/api';

export { BOOTSTRAP_KEY_NAME, comparableName, reservedNameProblem, RESERVED_ACTOR_NAMES } from '@switchyard/api';

/** Who is making a change: an admin token (by name and id) or the server itself. */
export interface Actor {
  name: string;
  keyId: string | null;
  role: Role;
  /**
   * What automation acting as this actor wants kept with its changes (a trigger: its id, name and the
   * alert's payload); the audit service records it in each entry's `after`, under `via`.
   */
  context?: Record<string, unknown>;
}

export const SYSTEM_ACTOR: Actor = { name: SYSTEM_ACTOR_NAME, keyId: null, role: 'admin' };

