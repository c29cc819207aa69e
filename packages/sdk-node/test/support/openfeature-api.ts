// The real OpenFeature server SDK, re-exported from inside this package so that the cross-package
// tests in test/sdk-node (outside any workspace package) resolve the very same module instance.
export { OpenFeature, ProviderEvents, ProviderStatus, ErrorCode, type EventDetails } from '@openfeature/server-sdk';
