import {
  ErrorCode,
  GeneralError,
  OpenFeatureEventEmitter,
  ProviderEvents,
  ProviderFatalError,
  type EvaluationContext,
  type JsonValue as OpenFeatureJsonValue,
  type Provider,
  type ResolutionDetails,
} from '@openfeature/server-sdk';
import type { JsonValue } from '@switchyard/core';
import type { SwitchyardClient } from '../client/client';
import type { ClientOptions } from '../client/client-options';
import { createClient } from '../client/create-client';
import { toSwitchyardContext } from './context';
import { toResolution } from './resolution';

/** Options of {@link createOpenFeatureProvider}. */
export interface SwitchyardProviderOptions {
  /**
   * How long `initialize` (e.g. `OpenFeature.setProviderAndWait`) waits for the first sync
   * (default 10,000 ms). Past it, the provider reports ERROR (or STALE when it serves a
   * bootstrap), then READY once the client syncs.
   */
  initTimeoutMs?: number;
}

/** The Switchyard OpenFeature server provider; `client` is the SDK client it evaluates with. */
export interface SwitchyardProvider extends Provider {
  readonly client: SwitchyardClient;
  readonly events: OpenFeatureEventEmitter;
  /** Waits for the client's first sync (see {@link SwitchyardProviderOptions.initTimeoutMs}); called by OpenFeature. */
  initialize(): Promise<void>;
  /** Called by OpenFeature when the provider is replaced or OpenFeature is closed. */
  onClose(): Promise<void>;
}

/**
 * Creates an OpenFeature server provider backed by a Switchyard client: pass the client's options
 * (the provider then owns the client and closes it in `onClose`) or a client you made (which the
 * provider leaves open). Events: READY on sync (again after a recovery), STALE when the connection
 * is lost (last-known-good values are still served), ERROR when the client gives up (e.g. a
 * revoked key: evaluations still serve last-known-good), CONFIGURATION_CHANGED with `flagsChanged`
 * after every change. Throws only what `createClient` throws on bad options.
 *
 * ```ts
 * await OpenFeature.setProviderAndWait(createOpenFeatureProvider({ sdkKey, baseUrl }));
 * const enabled = await OpenFeature.getClient().getBooleanValue('new-checkout', false, { targetingKey: user.id });
 * ```
 */
export function createOpenFeatureProvider(source: SwitchyardClient | ClientOptions, options: SwitchyardProviderOptions = {}): SwitchyardProvider {
  const owned = !isClient(source);
  const client = isClient(source) ? source : createClient(source);
  return new OpenFeatureProvider(client, owned, options.initTimeoutMs ?? 10_000);
}

/** Whether the client never loaded anything (no snapshot, bootstrap or poll): then it can serve nothing. */
function hasNoData(client: SwitchyardClient): boolean {
  return client.diagnostics().snapshots === 0;
}

function isClient(source: SwitchyardClient | ClientOptions): source is SwitchyardClient {
  return typeof (source as SwitchyardClient).boolVariationDetail === 'function';
}

class OpenFeatureProvider implements SwitchyardProvider {
  readonly metadata = { name: 'switchyard' } as const;
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();
  /** OpenFeature announces READY or ERROR for `initialize` itself: forward client events only afterwards. */
  private settled = false;
  private readonly unsubscribe: (() => void)[];

  constructor(
    readonly client: SwitchyardClient,
    private readonly owned: boolean,
    private readonly initTimeoutMs: number,
  ) {
    this.unsubscribe = [
      client.on('ready', () => this.forward(ProviderEvents.Ready, {})),
      client.on('stale', (e) => this.forward(ProviderEvents.Stale, { message: e.message })),
      client.on('error', (e) =>
        this.forward(ProviderEvents.Error, {
          message: e.message,
          // Nothing to serve at all is irrecoverable; with data, evaluations go on (last-known-good).
          ...(hasNoData(client) ? { errorCode: ErrorCode.PROVIDER_FATAL } : {}),
        }),
      ),
      client.on('applied', (e) => {
        if (e.changed.length > 0) this.forward(ProviderEvents.ConfigurationChanged, { flagsChanged: [...e.changed] });
      }),
    ];
  }

  async initialize(): Promise<void> {
    try {
      if (await this.client.waitForReady(this.initTimeoutMs)) return;
      const status = this.client.status();
      const error = this.client.lastError();
      if (status === 'error') {
        const message = `Switchyard: ${error?.message ?? 'the client stopped syncing'}`;
        throw hasNoData(this.client) ? new ProviderFatalError(message) : new GeneralError(message);
      }
      if (status === 'stale') {
        // Serving a bootstrap while the server is unreachable: usable, but not fresh. OpenFeature
        // emits READY when this resolves; STALE must come after it.
        setTimeout(() => this.forward(ProviderEvents.Stale, { message: 'serving bootstrap data: the server is unreachable' }), 0);
        return;
      }
      throw new GeneralError(`Switchyard did not sync within ${this.initTimeoutMs} ms (status: ${status})`);
    } finally {
      this.settled = true;
    }
  }

  async onClose(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    if (this.owned) await this.client.close();
  }

  async resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): Promise<ResolutionDetails<boolean>> {
    return toResolution(this.client.boolVariationDetail(flagKey, toSwitchyardContext(context), defaultValue));
  }

  async resolveStringEvaluation(flagKey: string, defaultValue: string, context: EvaluationContext): Promise<ResolutionDetails<string>> {
    return toResolution(this.client.stringVariationDetail(flagKey, toSwitchyardContext(context), defaultValue));
  }

  async resolveNumberEvaluation(flagKey: string, defaultValue: number, context: EvaluationContext): Promise<ResolutionDetails<number>> {
    return toResolution(this.client.numberVariationDetail(flagKey, toSwitchyardContext(context), defaultValue));
  }

  async resolveObjectEvaluation<T extends OpenFeatureJsonValue>(flagKey: string, defaultValue: T, context: EvaluationContext): Promise<ResolutionDetails<T>> {
    const detail = this.client.jsonVariationDetail(flagKey, toSwitchyardContext(context), defaultValue as JsonValue);
    return toResolution(detail) as ResolutionDetails<T>;
  }

  private forward(event: ProviderEvents, details: Record<string, unknown>): void {
    if (this.settled) this.events.emit(event, details);
  }
}
