import { createEvaluator } from '@switchyard/core';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContenderFactory } from './contender';
import { switchyardContext, switchyardFlags } from './switchyard-flags';

/** Switchyard's core evaluator, as SDKs and the server use it. */
export const createCore: ContenderFactory = async (users) => {
  const evaluator = createEvaluator({ flags: switchyardFlags(), segments: [] });
  return {
    name: 'switchyard core (createEvaluator)',
    side: 'switchyard',
    async: false,
    contexts: users.map(switchyardContext),
    evaluate: {
      F1: (ctx) => evaluator.evaluate('f1', ctx).value,
      F2: (ctx) => evaluator.evaluate('f2', ctx).value,
      F3: (ctx) => evaluator.evaluate('f3', ctx).value,
      F4: (ctx) => evaluator.evaluate('f4', ctx).value,
    },
  };
};

/**
 * Where `specifier` resolves in this run, relative to the repository: the bench scripts that time the
 * SDK run with bench/tsconfig.dist.json (TSX_TSCONFIG_PATH), which has no `paths`, so the workspace
 * packages resolve through their `exports` to their built dist/ (what is published) instead of their
 * TypeScript sources.
 */
export function resolvedFile(specifier: string): string {
  return relative(fileURLToPath(new URL('../..', import.meta.url)), fileURLToPath(import.meta.resolve(specifier)));
}

/** Whether this run uses the packages' built JavaScript: a timed SDK must be the one users install. */
export function usesBuiltPackages(): boolean {
  try {
    return resolvedFile('@switchyard/sdk-node').endsWith('dist/index.js');
  } catch {
    return false;
  }
}

/**
 * The Node SDK's variation methods. `summaries: true` builds the client an application runs: stream
 * mode, counting every evaluation for the server's summaries, here serving its bootstrap because the
 * (unreachable, loopback) server never answers. `false`: offline mode, which counts nothing.
 */
export function createSdk(summaries: boolean): ContenderFactory {
  return async (users) => {
    const name = `sdk-node${summaries ? ' (stream mode, summaries on)' : ' (offline)'}`;
    if (!usesBuiltPackages()) return pending(name, 'the built SDK is missing: run `pnpm build` first (the bench times packages/sdk-node/dist, what npm installs)');
    let sdk: typeof import('@switchyard/sdk-node');
    try {
      sdk = await import('@switchyard/sdk-node');
    } catch (err) {
      return pending(name, `not importable: ${(err as Error).message}`);
    }
    const bootstrap = { environment: 'bench', version: 1, flags: switchyardFlags(), segments: [] };
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const client = summaries
      ? sdk.createClient({ sdkKey: 'sys_bench_unreachable', baseUrl: 'http://127.0.0.1:9', bootstrap, logger: silent, reconnect: { initialMs: 60_000, maxMs: 60_000 } })
      : sdk.createClient({ offline: true, bootstrap, logger: silent });
    return {
      name: summaries ? 'switchyard sdk-node (summaries on)' : 'switchyard sdk-node (offline)',
      side: 'switchyard',
      async: false,
      contexts: users.map(switchyardContext),
      evaluate: {
        F1: (ctx) => client.boolVariation('f1', ctx, false),
        F2: (ctx) => client.boolVariation('f2', ctx, false),
        F3: (ctx) => client.stringVariation('f3', ctx, 'a'),
        F4: (ctx) => client.stringVariation('f4', ctx, 'control'),
      },
      close: () => client.close(),
    };
  };
}

function pending(name: string, why: string) {
  const nothing = () => undefined;
  return { name, side: 'switchyard' as const, async: false, contexts: [], pending: why, evaluate: { F1: nothing, F2: nothing, F3: nothing, F4: nothing } };
}

/**
 * Not an evaluator: reads, from each pre-built context, the attributes the shape's rules read and
 * nothing more. 100,000 contexts do not fit in the CPU caches, so every evaluator pays at least
 * this (mostly one cache miss per context): the floor under any ns/eval here.
 */
export const createFloor: ContenderFactory = async (users) => ({
  name: 'floor: read the attributes only (no evaluation)',
  side: 'baseline',
  async: false,
  contexts: users.map(switchyardContext),
  evaluate: {
    F1: () => true,
    F2: (ctx) => ctx.country,
    F3: (ctx) => ctx.key,
    F4: (ctx) => ctx.plan.length + ctx.email.length + ctx.version.length + ctx.age + ctx.country.length + ctx.name.length + ctx.seats + ctx.region.length,
  },
});
