import type { RuleSetRequester, RuleSetResponse } from '../../platform/http-rule-set';
import type { Scheduler, TimerHandle } from '../../platform/scheduler';
import { parseRuleSet } from '../../store/rule-set-input';
import type { DataSource, DataSourceSink } from '../data-source';

/** What the poller needs. */
export interface PollingDataSourceDeps {
  baseUrl: string;
  sdkKey: string;
  sink: DataSourceSink;
  scheduler: Scheduler;
  request: RuleSetRequester;
  intervalMs: number;
  timeoutMs: number;
}

/** HTTP statuses after which polling again cannot help: the key or the URL is wrong. */
const FATAL: Readonly<Record<number, string>> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not-found' };

/** The rule-set URL for a base URL. */
export function rulesUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/sdk/v1/flags`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

/**
 * Polls `GET /sdk/v1/flags` every `intervalMs` with `If-None-Match`: a 304 costs the server one
 * version lookup and changes nothing here; a 200 replaces the rule set. No overlap: the next poll
 * is scheduled when the previous one has answered.
 */
export function createPollingDataSource(deps: PollingDataSourceDeps): DataSource {
  const { sink, scheduler } = deps;
  const url = rulesUrl(deps.baseUrl);
  let etag: string | undefined;
  let timer: TimerHandle | undefined;
  let stopped = false;
  let started = false;

  async function poll(): Promise<void> {
    timer = undefined;
    sink.diagnostics.polls++;
    const response = await deps.request({ url, sdkKey: deps.sdkKey, etag, timeoutMs: deps.timeoutMs });
    if (stopped) return;
    if (handle(response)) timer = scheduler.setTimeout(() => void poll(), deps.intervalMs);
  }

  /** Applies one answer; false when polling must stop. */
  function handle(response: RuleSetResponse): boolean {
    if (response.status === 304) {
      sink.diagnostics.notModified++;
      sink.synced();
      return true;
    }
    if ('body' in response) {
      const parsed = parseRuleSet(response.body);
      if (!parsed.ok) {
        sink.logger.warn(`polled an unusable rule set: ${parsed.message}`);
        sink.interrupted({ reason: 'poll-failed', message: parsed.message });
        return true;
      }
      sink.replace(parsed.ruleSet, 'polling');
      etag = response.etag;
      sink.synced();
      return true;
    }
    if (!('message' in response)) return true;
    const fatal = FATAL[response.status];
    if (fatal !== undefined) {
      stopped = true;
      sink.failed({ reason: fatal, code: response.status, message: `polling ${url} failed (${response.message}); not retrying` });
      return false;
    }
    sink.logger.warn(`polling failed: ${response.message}; trying again in ${deps.intervalMs} ms`);
    sink.interrupted({ reason: 'poll-failed', message: response.message });
    return true;
  }

  return {
    start() {
      if (stopped || started) return;
      started = true;
      void poll();
    },
    stop() {
      stopped = true;
      scheduler.clearTimeout(timer);
      timer = undefined;
    },
  };
}
