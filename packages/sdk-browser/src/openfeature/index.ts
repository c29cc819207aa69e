/** `@switchyard/sdk-browser/openfeature`: the OpenFeature web provider. */
export { createSwitchyardWebProvider, SwitchyardWebProvider, toSwitchyardContext, type SwitchyardWebProviderOptions } from './provider';
