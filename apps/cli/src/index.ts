export { runCli, COMMANDS } from './run-cli';
export type { CliIo } from './io';
export { EXIT, type ExitCode } from './errors';
export { readFlagFile } from './declarative/read-flag-file';
export { toFlagFile, formatFlagFile, type FileFormat } from './declarative/write-flag-file';
export { computePlan, type Plan, type Change } from './declarative/plan';
export { flagFileSchema, type FlagFile } from './declarative/flag-file-schema';
