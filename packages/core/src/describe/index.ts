export * from './describe-targeting';
export * from './describe-change';
