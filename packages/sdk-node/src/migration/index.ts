export { createMigration } from './migration';
export type { Migration, MigrationDeps, MigrationOptions, MigrationResult } from './migration';
export { MigrationRecorder, MigrationReporter, httpMeasurementSender } from './measurements';
export type { MeasurementSender } from './measurements';
