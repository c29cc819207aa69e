import { ROLES, type Role } from '@switchyard/api';

export { ROLES };

/**
 * What each role may do. `read`: every GET under /api. `edit`: create and change flags, configs and
 * segments. `kill`: kill and restore. `admin`: environments and keys.
 * A responder may read, kill and restore, and nothing else.
 */
export type Permission = 'read' | 'edit' | 'kill' | 'admin';

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  viewer: new Set<Permission>(['read']),
  responder: new Set<Permission>(['read', 'kill']),
  editor: new Set<Permission>(['read', 'edit', 'kill']),
  admin: new Set<Permission>(['read', 'edit', 'kill', 'admin']),
};
