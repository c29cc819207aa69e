export * from './model/index';
export * from './evaluation/index';
export * from './bucketing/index';
export * from './validation/index';
export * from './migration/index';
export * from './protocol/index';
export * from './audit/index';
export * from './release/index';
