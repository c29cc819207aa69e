import {
  OpenFeatureEventEmitter,
  ProviderEvents,
  type ErrorCode as OpenFeatureErrorCode,
  type EvaluationContext as OpenFeatureContext,
  type JsonValue as OpenFeatureJson,
  type Provider,
  type ResolutionDetails,
} from '@openfeature/web-sdk';
import { createBrowserClient, type BrowserClient, type BrowserClientOptions, type EvaluationContext, type FlagDetail } from '../index';

/** Options of {@link createSwitchyardWebProvider}: the client's, except the context, which OpenFeature owns. */
export interface SwitchyardWebProviderOptions extends Omit<BrowserClientOptions, 'context'> {
  /** How long `initialize` waits for the first values before OpenFeature reports ERROR. Default 5,000 ms. */
  readyTimeoutMs?: number;
  /** How long a context change may reconcile before OpenFeature reports ERROR. Default 5,000 ms. */
  identifyTimeoutMs?: number;
}

/**
 * An OpenFeature context as Switchyard's: flat JSON attributes (`targetingKey` is understood as
 * the key). Dates become ISO strings, as JSON would have them; anything unserialisable is dropped.
 */
export function toSwitchyardContext(context: OpenFeatureContext | undefined): EvaluationContext {
  try {
    return JSON.parse(JSON.stringify(context ?? {})) as EvaluationContext;
  } catch {
    return {};
  }
}

/**
 * Switchyard's browser SDK as an OpenFeature web provider. Resolution is synchronous from the
 * values held; a context change (`OpenFeature.setContext`) identifies and reconciles when the
 * server's values for the new context arrive. Events: READY (in sync again after STALE or ERROR),
 * STALE (connection lost, last values served), ERROR (key refused for good), and
 * CONFIGURATION_CHANGED with `flagsChanged` for changes made on the server.
 */
export class SwitchyardWebProvider implements Provider {
  readonly metadata = { name: 'switchyard' } as const;
  readonly runsOn = 'client' as const;
  readonly events = new OpenFeatureEventEmitter();
  private client_: BrowserClient | undefined;
  private initialized = false;

  constructor(private readonly options: SwitchyardWebProviderOptions) {}

  /** The underlying client, once OpenFeature has initialised the provider. */
  get client(): BrowserClient | undefined {
    return this.client_;
  }

  async initialize(context?: OpenFeatureContext): Promise<void> {
    const { readyTimeoutMs = 5_000, identifyTimeoutMs: _unused, ...clientOptions } = this.options;
    const client = createBrowserClient({ ...clientOptions, context: toSwitchyardContext(context) });
    this.client_ = client;
    client.onChange((flagsChanged, cause) => {
      // Values for a new context are OpenFeature's CONTEXT_CHANGED, which the SDK emits itself.
      if (cause === 'update') this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged });
    });
    client.onStatusChange((status) => {
      if (!this.initialized) return; // OpenFeature emits READY or ERROR for initialize itself
      if (status.state === 'ready') this.events.emit(ProviderEvents.Ready);
      else if (status.state === 'stale') this.events.emit(ProviderEvents.Stale, { message: status.lastClose?.message ?? 'connection lost' });
      else if (status.state === 'failed') this.events.emit(ProviderEvents.Error, { message: status.lastClose?.message ?? 'stream refused' });
    });
    try {
      await client.waitForReady(readyTimeoutMs);
    } finally {
      this.initialized = true;
    }
  }

  async onContextChange(_oldContext: OpenFeatureContext, newContext: OpenFeatureContext): Promise<void> {
    await this.client_?.identify(toSwitchyardContext(newContext), this.options.identifyTimeoutMs ?? 5_000);
  }

  async onClose(): Promise<void> {
    this.client_?.close();
  }

  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean): ResolutionDetails<boolean> {
    return resolution(this.client_?.boolVariationDetail(flagKey, defaultValue), defaultValue);
  }

  resolveStringEvaluation(flagKey: string, defaultValue: string): ResolutionDetails<string> {
    return resolution(this.client_?.stringVariationDetail(flagKey, defaultValue), defaultValue);
  }

  resolveNumberEvaluation(flagKey: string, defaultValue: number): ResolutionDetails<number> {
    return resolution(this.client_?.numberVariationDetail(flagKey, defaultValue), defaultValue);
  }

  resolveObjectEvaluation<T extends OpenFeatureJson>(flagKey: string, defaultValue: T): ResolutionDetails<T> {
    // Switchyard's JSON values and OpenFeature's JsonValue are the same data; only the declared types differ.
    const detail = this.client_?.jsonVariationDetail(flagKey, defaultValue as never) as FlagDetail<T> | undefined;
    return resolution(detail, defaultValue);
  }
}

/** Switchyard's detail as OpenFeature's resolution (reasons and error codes share a vocabulary). */
function resolution<T>(detail: FlagDetail<T> | undefined, defaultValue: T): ResolutionDetails<T> {
  if (!detail) return { value: defaultValue, reason: 'ERROR', errorCode: 'PROVIDER_NOT_READY' as OpenFeatureErrorCode };
  const out: ResolutionDetails<T> = { value: detail.value, reason: detail.reason };
  if (detail.variant !== undefined) out.variant = detail.variant;
  if (detail.errorCode !== undefined) out.errorCode = detail.errorCode as OpenFeatureErrorCode;
  return out;
}

/** Creates the provider; pass it to `OpenFeature.setProviderAndWait`. */
export function createSwitchyardWebProvider(options: SwitchyardWebProviderOptions): SwitchyardWebProvider {
  return new SwitchyardWebProvider(options);
}
