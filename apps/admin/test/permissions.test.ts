import { describe, expect, it } from 'vitest';
import { ROLES } from '../src/api/types';
import { allowedActions, allows, can, landingPath } from '../src/features/auth/permissions';

describe('role → allowed actions', () => {
  it('matches the server’s permissions', () => {
    expect(Object.fromEntries(ROLES.map((r) => [r, (['read', 'edit', 'kill', 'admin'] as const).filter((p) => can(r, p))]))).toEqual({
      viewer: ['read'],
      responder: ['read', 'kill'],
      editor: ['read', 'edit', 'kill'],
      admin: ['read', 'edit', 'kill', 'admin'],
    });
  });

  it('offers a responder kill and restore (and aborting a release plan, which kills), and nothing else', () => {
    expect(allowedActions('responder')).toEqual(['kill', 'restore', 'abortReleasePlan']);
  });

  it('offers a viewer nothing', () => {
    expect(allowedActions('viewer')).toEqual([]);
  });

  it('offers an editor every flag action but not environments and keys', () => {
    expect(allows('editor', 'editTargeting')).toBe(true);
    expect(allows('editor', 'toggle')).toBe(true);
    expect(allows('editor', 'manageKeys')).toBe(false);
    expect(allows('admin', 'manageKeys')).toBe(true);
  });

  it('lands a responder on the incident view', () => {
    expect(landingPath('responder')).toBe('/incident');
    expect(landingPath('editor')).toBe('/flags');
    expect(landingPath('viewer')).toBe('/flags');
  });
});
