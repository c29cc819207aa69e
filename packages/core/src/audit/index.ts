export { auditHashInput, checkpointMessage, ChainWalker, CHAIN_PROBLEMS, GENESIS_HASH, MAX_LISTED_BREAKS } from './chain';
export type { AuditEntryRecord, ChainBreak, ChainProblem, CheckedCheckpoint, SignatureCheck } from './chain';
