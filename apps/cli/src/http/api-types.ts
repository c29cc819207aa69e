// What the REST API answers, as the CLI names it: every shape is @switchyard/api's (README.md, "API at a glance").
export type {
  AuditEntryView as AuditEntry,
  AuditPage,
  ChainVerification as VerifyResult,
  ConfigOutcome,
  EnvironmentConfigView as ConfigView,
  EnvironmentView,
  FlagView,
  KeyView,
  MigrationView,
  ReleasePlanView,
  SegmentView,
  TriggerSecrets,
  TriggerView,
  WebhookDelivery,
  WebhookView,
} from '@switchyard/api';
