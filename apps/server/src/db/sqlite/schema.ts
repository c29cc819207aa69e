export * from './environments-schema';
export * from './flags-schema';
export * from './segments-schema';
export * from './keys-schema';
export * from './audit-schema';
export * from './changes-schema';
export * from './sessions-schema';
export * from './evaluations-schema';
