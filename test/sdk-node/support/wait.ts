import type { ClientEventName, SwitchyardClient } from './sdk';

/** Resolves with the next `event` of `client`; rejects after `timeoutMs` naming what was awaited. */
export function nextEvent<E extends ClientEventName>(client: SwitchyardClient, event: E, timeoutMs = 20_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no "${event}" event within ${timeoutMs} ms (status ${client.status()})`));
    }, timeoutMs);
    const off = client.on(event, ((payload: unknown) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    }) as never);
  });
}

/**
 * Resolves once `check()` holds, re-checking whenever `client` emits one of `events`
 * (event-driven: no polling, no fixed sleeps). Rejects after `timeoutMs` with `what`.
 */
export function until(client: SwitchyardClient, events: ClientEventName[], check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const offs: (() => void)[] = [];
    const done = (error?: Error) => {
      clearTimeout(timer);
      for (const off of offs) off();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => done(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (status ${client.status()}, ${JSON.stringify(client.diagnostics())})`)), timeoutMs);
    for (const event of events)
      offs.push(
        client.on(event, (() => {
          if (check()) done();
        }) as never),
      );
  });
}

/** Resolves once `client` has applied `version` (or later). */
export function untilVersion(client: SwitchyardClient, version: number, timeoutMs = 20_000): Promise<void> {
  return until(client, ['applied', 'ready'], () => client.diagnostics().version >= version && client.status() === 'ready', `version ${version}`, timeoutMs);
}

/** Resolves once `client` reports `status`. */
export function untilStatus(client: SwitchyardClient, status: ReturnType<SwitchyardClient['status']>, timeoutMs = 20_000): Promise<void> {
  return until(client, ['ready', 'stale', 'error'], () => client.status() === status, `status ${status}`, timeoutMs);
}
