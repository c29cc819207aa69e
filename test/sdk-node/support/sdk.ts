// The SDK under test, by path: the cross-package tests live outside any workspace package.
export * from '../../../packages/sdk-node/src/index';
export * from '../../../packages/sdk-node/src/openfeature/index';
export { OpenFeature, ProviderEvents, ProviderStatus, ErrorCode, type EventDetails } from '../../../packages/sdk-node/test/support/openfeature-api';
