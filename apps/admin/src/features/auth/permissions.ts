import type { Role } from '../../api/types';

/**
 * What a role may do, as the server enforces it (apps/server/src/features/auth/permissions.ts).
 * The UI offers only what is allowed, so nobody meets a 403 by clicking something we showed them.
 */
export type Permission = 'read' | 'edit' | 'kill' | 'admin';

const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: ['read'],
  responder: ['read', 'kill'],
  editor: ['read', 'edit', 'kill'],
  admin: ['read', 'edit', 'kill', 'admin'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** UI actions, each needing one permission. */
export const ACTION_PERMISSION = {
  createFlag: 'edit',
  editDefinition: 'edit',
  editTargeting: 'edit',
  toggle: 'edit',
  archive: 'edit',
  editSegments: 'edit',
  moveMigration: 'edit',
  attestBackfill: 'edit',
  kill: 'kill',
  restore: 'kill',
  manageEnvironments: 'admin',
  manageKeys: 'admin',
  /** Incident triggers and outbound webhooks (the Integrations page). */
  manageIntegrations: 'admin',
  /** Make a migration move the stage machine refuses (audited as forced). */
  forceMigration: 'admin',
} as const satisfies Record<string, Permission>;
export type UiAction = keyof typeof ACTION_PERMISSION;

export function allows(role: Role, action: UiAction): boolean {
  return can(role, ACTION_PERMISSION[action]);
}

/** Every UI action the role may take. */
export function allowedActions(role: Role): UiAction[] {
  return (Object.keys(ACTION_PERMISSION) as UiAction[]).filter((a) => allows(role, a));
}

/** Where a role lands after signing in: responders go straight to the incident view. */
export function landingPath(role: Role): string {
  return role === 'responder' ? '/incident' : '/flags';
}

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  viewer: 'Viewer',
  responder: 'Responder',
  editor: 'Editor',
  admin: 'Admin',
};
