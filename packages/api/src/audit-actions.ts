import { RELEASE_ACTIONS } from '@switchyard/core';
import { z } from 'zod';

/** Audit actions of flags (definitions and per-environment configs). */
export const FLAG_ACTIONS = [
  'flag.create',
  'flag.update',
  'flag.archive',
  'flag.archive.forced',
  'flag.unarchive',
  'flag.config.update',
  'flag.enable',
  'flag.disable',
  'flag.kill',
  'flag.restore',
] as const;

/** The states a change request can move to, each recorded as `change-request.<state>`. */
export const CHANGE_REQUEST_ACTIONS = [
  'change-request.create',
  'change-request.edit',
  'change-request.submit',
  'change-request.approve',
  'change-request.reject',
  'change-request.schedule',
  'change-request.unschedule',
  'change-request.cancel',
  'change-request.apply',
  'change-request.conflicted',
  'change-request.apply-failed',
  'change-request.follow-up',
] as const;

/** Every action the audit log records: what `action` of an entry can be, and what webhooks filter on. */
export const AUDIT_ACTIONS = [
  ...FLAG_ACTIONS,
  'segment.create',
  'segment.update',
  'segment.delete',
  'environment.create',
  'environment.review-policy',
  'key.create',
  'key.revoke',
  'session.create',
  'session.delete',
  'migration.transition',
  'migration.forced',
  'migration.refused',
  'migration.backfill.report',
  'migration.attest',
  'migration.attest.refused',
  'release.create',
  'release.gates',
  ...RELEASE_ACTIONS,
  'review.break-glass',
  ...CHANGE_REQUEST_ACTIONS,
  'trigger.create',
  'trigger.rotate',
  'trigger.disable',
  'webhook.create',
  'webhook.disable',
  'webhook.replay',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type FlagAction = (typeof FLAG_ACTIONS)[number];
export type ChangeRequestAction = (typeof CHANGE_REQUEST_ACTIONS)[number];
export const auditActionSchema = z.enum(AUDIT_ACTIONS);

/** What an audit entry is about. */
export const AUDIT_RESOURCES = ['flag', 'flag-config', 'segment', 'environment', 'key', 'session', 'migration', 'release', 'change-request', 'trigger', 'webhook'] as const;
export type AuditResource = (typeof AUDIT_RESOURCES)[number];
