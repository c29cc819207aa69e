/** Shared helpers for the network-fault tests: a guard that records anything an SDK call throws. */
import type { FaultProxy } from '../support/fault-proxy';

/** Wraps SDK calls: a throw is recorded (and the call yields `undefined`) instead of failing mid-test. */
export class Guard {
  readonly thrown: string[] = [];

  call<T>(what: string, fn: () => T): T | undefined {
    try {
      const result = fn();
      if (result instanceof Promise) result.catch((e: unknown) => this.thrown.push(`${what} rejected: ${String(e)}`));
      return result;
    } catch (e) {
      this.thrown.push(`${what} threw: ${e instanceof Error ? e.stack : String(e)}`);
      return undefined;
    }
  }
}

/** Resolves once `proxy` has seen `count` more connection attempts (accepted or refused). */
export function moreAttempts(proxy: FaultProxy, count: number, timeoutMs = 20_000): Promise<void> {
  const target = proxy.accepted + proxy.refused + count;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (proxy.accepted + proxy.refused >= target) {
        clearTimeout(timer);
        proxy.off('connection', check).off('refused', check);
        resolve();
      }
    };
    const timer = setTimeout(() => {
      proxy.off('connection', check).off('refused', check);
      reject(new Error(`the SDK made fewer than ${count} connection attempts within ${timeoutMs} ms`));
    }, timeoutMs);
    proxy.on('connection', check).on('refused', check);
  });
}

/** Rejects if `promise` has not settled within `ms`, naming `what`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
    }),
  ]);
}
