import { OpenFeature, type EvaluationContext, type JsonValue, type Provider, type ResolutionDetails } from '@openfeature/server-sdk';
import type { FlagdCore } from '@openfeature/flagd-core';
import type { ContenderFactory } from './contender';
import { flagdCore } from './peers/flagd';
import { openFeatureContext, switchyardFlags } from './switchyard-flags';

/**
 * The smallest OpenFeature provider over flagd-core: each resolution is one FlagdCore call, which
 * is what flagd's in-process provider does once its flags are synced. No sync machinery, so the
 * comparison is the OpenFeature SDK plus each engine.
 */
class FlagdCoreProvider implements Provider {
  readonly metadata = { name: 'flagd-core (in-process)' };
  readonly runsOn = 'server' as const;
  constructor(private readonly core: FlagdCore) {}
  async resolveBooleanEvaluation(key: string, dflt: boolean, ctx: EvaluationContext): Promise<ResolutionDetails<boolean>> {
    return this.core.resolveBooleanEvaluation(key, dflt, ctx);
  }
  async resolveStringEvaluation(key: string, dflt: string, ctx: EvaluationContext): Promise<ResolutionDetails<string>> {
    return this.core.resolveStringEvaluation(key, dflt, ctx);
  }
  async resolveNumberEvaluation(key: string, dflt: number, ctx: EvaluationContext): Promise<ResolutionDetails<number>> {
    return this.core.resolveNumberEvaluation(key, dflt, ctx);
  }
  async resolveObjectEvaluation<T extends JsonValue>(key: string, dflt: T, ctx: EvaluationContext): Promise<ResolutionDetails<T>> {
    return this.core.resolveObjectEvaluation(key, dflt, ctx);
  }
}

function viaOpenFeature(domain: string, name: string, side: 'switchyard' | 'peer') {
  const client = OpenFeature.getClient(domain);
  return (users: Parameters<ContenderFactory>[0]) => ({
    name,
    side,
    async: true,
    contexts: users.map(openFeatureContext),
    evaluate: {
      F1: (ctx: EvaluationContext) => client.getBooleanValue('f1', false, ctx),
      F2: (ctx: EvaluationContext) => client.getBooleanValue('f2', false, ctx),
      F3: (ctx: EvaluationContext) => client.getStringValue('f3', 'a', ctx),
      F4: (ctx: EvaluationContext) => client.getStringValue('f4', 'control', ctx),
    },
  });
}

/** OpenFeature server SDK → @switchyard/sdk-node/openfeature (over an offline client). */
export const createSwitchyardOpenFeature: ContenderFactory = async (users) => {
  let mod: typeof import('@switchyard/sdk-node/openfeature');
  try {
    mod = await import('@switchyard/sdk-node/openfeature');
  } catch (err) {
    const nothing = () => undefined;
    return { name: 'OpenFeature → switchyard provider', side: 'switchyard', async: true, contexts: [], pending: `not importable: ${(err as Error).message}`, evaluate: { F1: nothing, F2: nothing, F3: nothing, F4: nothing } };
  }
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  await OpenFeature.setProviderAndWait('switchyard', mod.createOpenFeatureProvider({ offline: true, bootstrap: { flags: switchyardFlags(), segments: [] }, logger: silent }));
  return { ...viaOpenFeature('switchyard', 'OpenFeature → switchyard provider', 'switchyard')(users), close: () => OpenFeature.clearProviders() };
};

/** OpenFeature server SDK → a provider over @openfeature/flagd-core. */
export const createFlagdOpenFeature: ContenderFactory = async (users) => {
  await OpenFeature.setProviderAndWait('flagd', new FlagdCoreProvider(flagdCore()));
  return viaOpenFeature('flagd', 'OpenFeature → flagd-core provider', 'peer')(users);
};
