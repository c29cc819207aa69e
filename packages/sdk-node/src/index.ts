// The public surface of @switchyard/sdk-node. The OpenFeature provider is at `@switchyard/sdk-node/openfeature`.
export { createClient } from './client/create-client';
export type { SwitchyardClient, EvaluationDetail, TracedEvaluationDetail, VariationDetailOptions } from './client/client';
export type { ClientOptions } from './client/client-options';
export type { ClientStatus } from './client/status-tracker';
export type { ClientDiagnostics, ClientMode } from './client/diagnostics';
export { SwitchyardConfigurationError } from './client/configuration-error';
export type {
  AppliedEvent,
  ClientErrorEvent,
  ClientEventListener,
  ClientEventMap,
  ClientEventName,
  FlagChange,
  ReadyEvent,
  StaleEvent,
} from './events/client-events';
export type { DataOrigin } from './store/flag-store';
export type { RuleSetInput } from './store/rule-set-input';
export { createTestData, type TestData, type TestSegment } from './test-data/test-data';
export type { FlagBuilder, RuleBuilder, VariationRef } from './test-data/flag-builder';
export { createConsoleLogger, type Logger, type LogLevel } from './platform/logger';
export { SDK_VERSION } from './sdk-info';
export type { Migration, MigrationOptions, MigrationResult } from './migration/migration';
export type { EvaluationContext, EvaluationTrace, JsonValue, RuleSet } from '@switchyard/core';
