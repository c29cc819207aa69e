import type * as api from '@switchyard/api';
import type { Refusal } from '@switchyard/core';
import type { z } from 'zod';

/**
 * What the server answers and accepts under /api/v1, as the admin UI names it: every shape comes
 * from @switchyard/api (the schemas the server validates and serializes with), so a change of the
 * contract is a compile error here rather than a surprise in the browser.
 */

export { AUDIT_RESOURCES, ROLES, STALE_REASONS } from '@switchyard/api';
export type { AuditResource, CreateKeyBody, FlagEvaluation, FlagEvaluationDay, KeyView, MigrationFiguresView, Role, StaleFlag, StaleReason, StaleReport, TriggerAction, TriggerSecrets, TriggerView, WebhookView, WebhookDelivery } from '@switchyard/api';
export type { Refusal };

export type Actor = api.ActorView;
export type Session = api.SessionView;
export type Environment = api.EnvironmentView;
export type EnvironmentConfigView = api.EnvironmentConfigView;
export type FlagView = api.FlagView;
/** `GET/PATCH …/environments/:env`; toggle/kill/restore add `changed`. */
export type ConfigRecord = api.ConfigView & { changed?: boolean };
export type SegmentView = api.SegmentView;

/** Query of `GET /api/v1/flags`. `enabled`/`killed` need `environment`. */
export type FlagListQuery = Partial<z.output<typeof api.listFlagsQuery>>;
export type CreateFlagBody = z.input<typeof api.createFlagBody>;
export type MigrationSettingsInput = z.input<typeof api.migrationSettingsInput>;
export type UpdateFlagBody = z.output<typeof api.updateFlagBody>;
/** The definition fields a PATCH may change. */
export type DefinitionEdit = Omit<UpdateFlagBody, 'baseVersion' | 'reason'>;
export type UpdateConfigBody = z.input<typeof api.updateConfigBody>;
/** The config fields a PATCH may change. */
export type ConfigEdit = Omit<UpdateConfigBody, 'baseVersion' | 'reason'>;

export type ReviewPolicy = api.ReviewPolicyView;
export type ChangeRequest = api.ChangeRequestView;
/** One change of a change request: a plan's change (`op`, `key`, `baseVersion`, the route's fields). */
export type RequestChange = ChangeRequest['changes'][number] & ConfigEdit;

export type AuditEntry = api.AuditEntryView;
export type AuditPage = api.AuditPage;
export type AuditQuery = Partial<z.output<typeof api.auditListQuery>>;
export type ChainVerification = api.ChainVerification;
export type Delivery = api.DeliveryView;

export type CreateSegmentBody = z.input<typeof api.createSegmentBody>;
export type UpdateSegmentBody = z.input<typeof api.updateSegmentBody>;
/** `POST/PATCH …/segments`: the fields a person edits. */
export type SegmentEdit = Omit<CreateSegmentBody, 'key' | 'reason'>;

export type MigrationView = api.MigrationView;
export type TransitionBody = z.input<typeof api.transitionBody>;
export type TransitionResult = Extract<api.TransitionResult, { allowed: true }>;
export type AttestBody = z.input<typeof api.attestBody>;

export type ReleasePlanView = api.ReleasePlanView;
export type CreateTriggerBody = z.input<typeof api.createTriggerBody>;
export type CreateWebhookBody = z.input<typeof api.createWebhookBody>;
export type ExplainView = api.ExplainView;
