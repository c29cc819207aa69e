import { createClientWith, type Platform } from '../../src/client/create-client';
import type { ClientOptions } from '../../src/client/client-options';
import type { SwitchyardClient } from '../../src/client/client';
import type { RuleSetRequester } from '../../src/platform/http-rule-set';
import { nodeScheduler } from '../../src/platform/scheduler';
import { createFakeTransport } from './fake-transport';

export const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * A client on a fake platform: fake sockets, a scripted HTTP requester, the real scheduler (use
 * vitest's fake timers to drive it) and a fixed jitter of 0.5.
 */
export function fakeClient(options: ClientOptions = {}, overrides: Partial<Platform> = {}) {
  const fake = createFakeTransport();
  const request: RuleSetRequester = async () => ({ status: 0, message: 'no HTTP in this test' });
  const client: SwitchyardClient = createClientWith(
    { sdkKey: 'sys_test', baseUrl: 'https://flags.example.com/base/', logger: silentLogger, ...options },
    { transport: fake.transport, request, readFile: () => '', scheduler: nodeScheduler, random: () => 0.5, ...overrides },
  );
  return { client, ...fake };
}
