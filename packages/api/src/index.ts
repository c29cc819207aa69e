// @switchyard/api: the HTTP contract of the Switchyard server (/api/v1, /sdk/v1), written once.
// The server validates requests and serializes answers with these schemas and publishes them as
// OpenAPI (GET /api/v1/openapi.json); the admin UI and the CLI import them. The flag model itself
// is @switchyard/core's.
export * from './actor-names';
export * from './audit-actions';
export * from './error-codes';
export * from './roles';
export * from './requests/audit';
export * from './requests/base-version';
export * from './requests/change-requests';
export * from './requests/environments';
export * from './requests/evaluations';
export * from './requests/explain';
export * from './requests/flags';
export * from './requests/keys';
export * from './requests/migrations';
export * from './requests/plans';
export * from './requests/releases';
export * from './requests/review-policy';
export * from './requests/segments';
export * from './requests/session';
export * from './requests/triggers';
export * from './requests/webhooks';
export * from './responses/audit';
export * from './responses/change-requests';
export * from './responses/common';
export * from './responses/environments';
export * from './responses/flags';
export * from './responses/keys';
export * from './responses/migrations';
export * from './responses/plans';
export * from './responses/releases';
export * from './responses/reports';
export * from './responses/segments';
export * from './responses/session';
export * from './responses/triggers';
export * from './responses/webhooks';
