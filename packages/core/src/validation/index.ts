export type { ValidationIssue } from './issue';
export { checkRegexSafety } from './regex-safety';
export { checkEnvironmentConfig } from './environment-config';
export { checkSegment } from './segment';
export { checkPrerequisites, findPrerequisiteCycle } from './prerequisites';
