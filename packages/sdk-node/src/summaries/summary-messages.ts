import { PROTOCOL_LIMITS, type SummaryMessage } from '@switchyard/core';
import type { SummaryWindow } from './summary-recorder';

/**
 * The `summary` messages for one window: at most `maxCounters` counters each (the protocol's 1,000),
 * every message carrying the same window so that the server adds them up.
 */
export function toSummaryMessages(window: SummaryWindow, maxCounters: number = PROTOCOL_LIMITS.summaryCounters): SummaryMessage[] {
  const messages: SummaryMessage[] = [];
  for (let i = 0; i < window.counters.length; i += maxCounters)
    messages.push({ type: 'summary', startedAt: window.startedAt, endedAt: window.endedAt, counters: window.counters.slice(i, i + maxCounters) });
  // Tracked signals ride along, as many per message as counters may.
  const all = window.signals ?? [];
  for (let i = 0, m = 0; i < all.length; i += maxCounters, m++) {
    const signals = all.slice(i, i + maxCounters);
    const message = messages[m];
    if (message) message.signals = signals;
    else messages.push({ type: 'summary', startedAt: window.startedAt, endedAt: window.endedAt, counters: [], signals });
  }
  return messages;
}
