// The OpenFeature server provider: `@switchyard/sdk-node/openfeature`.
export { createOpenFeatureProvider, type SwitchyardProvider, type SwitchyardProviderOptions } from './provider';
