/** Helpers for the browser SDK's integration tests: a recording `ws`, and event-driven waits. */
import WebSocket from 'ws';
import type { BrowserClient, WebSocketConstructor } from '../../packages/sdk-browser/src/index';

export { createBrowserClient } from '../../packages/sdk-browser/src/index';
export type { BrowserClient, EvaluationContext } from '../../packages/sdk-browser/src/index';

/** `ws` as the SDK's WebSocket, recording every raw frame the server sent and every socket opened. */
export function recordingWebSocket(): { WebSocket: WebSocketConstructor; frames: string[]; opened: () => number } {
  const frames: string[] = [];
  let opened = 0;
  class Recording extends WebSocket {
    constructor(url: string) {
      super(url);
      opened++;
      this.on('message', (data: Buffer) => frames.push(data.toString()));
    }
  }
  return { WebSocket: Recording, frames, opened: () => opened };
}

/** No logging from the SDK in tests unless asked. */
export const quiet = { warn: () => undefined, error: () => undefined };

/**
 * Resolves with `probe()`'s first truthy result, checked now and after every change and status
 * event of the client (no polling); rejects after `timeoutMs` saying what it waited for.
 */
export function until<T>(client: BrowserClient, what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const offs: (() => void)[] = [];
    const done = () => {
      clearTimeout(timer);
      for (const off of offs) off();
    };
    const check = () => {
      const value = probe();
      if (value) {
        done();
        resolve(value);
      }
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; status ${JSON.stringify(client.status())}, flags ${JSON.stringify(client.allFlags())}`));
    }, timeoutMs);
    offs.push(client.onChange(check), client.onStatusChange(check));
    check();
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
