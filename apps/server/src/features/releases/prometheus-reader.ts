import type { QueryReading } from '@switchyard/core';

/** Where the server reads `prometheus` gates from (`PROMETHEUS_URL`), and how long one query may take. */
export interface PrometheusOptions {
  url: string;
  timeoutMs?: number;
}

export type QueryReader = (query: string) => Promise<QueryReading>;

const DEFAULT_TIMEOUT_MS = 5_000;

interface PromAnswer {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

/** One number out of an instant query's answer, or why there is none. */
export function readingOf(answer: PromAnswer): QueryReading {
  if (answer.status !== 'success') return { value: null, why: `refused by Prometheus: ${answer.error ?? 'no reason given'}` };
  const { resultType, result } = answer.data ?? {};
  let raw: unknown;
  if (resultType === 'scalar') raw = (result as [number, string])[1];
  else if (resultType === 'vector') {
    const series = result as { value: [number, string] }[];
    if (series.length === 0) return { value: null, why: 'returned no series (nothing scraped yet, or the metric is absent)' };
    if (series.length > 1) return { value: null, why: `returned ${series.length} series; it must return one (aggregate it, e.g. with sum or max)` };
    raw = series[0]!.value[1];
  } else return { value: null, why: `returned a ${resultType ?? 'missing'} result; it must return a scalar or one series` };
  const value = Number(raw);
  if (!Number.isFinite(value)) return { value: null, why: `returned ${String(raw)}, not a finite number` };
  return { value, why: 'read' };
}

/**
 * Reads a PromQL expression's current value through Prometheus's HTTP API (`/api/v1/query`). Never
 * throws: an unreachable server, a timeout or a refused query is a reading with no value, which holds
 * a plan (inconclusive) and never passes a gate.
 */
export function createPrometheusReader(options: PrometheusOptions): QueryReader {
  const endpoint = new URL('api/v1/query', options.url.endsWith('/') ? options.url : `${options.url}/`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (query) => {
    try {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query }).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      let answer: PromAnswer;
      try {
        answer = JSON.parse(text) as PromAnswer;
      } catch {
        return { value: null, why: `Prometheus answered ${res.status} with no JSON` };
      }
      return readingOf(answer);
    } catch (err) {
      const why = err instanceof Error && err.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : `could not be read: ${err instanceof Error ? err.message : String(err)}`;
      return { value: null, why: `${why} (Prometheus at ${options.url})` };
    }
  };
}
