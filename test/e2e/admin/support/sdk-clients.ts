import { createClient, type SwitchyardClient } from '../../../../packages/sdk-node/src/index';

/**
 * Real Node SDK clients (packages/sdk-node) connected with a server key: they stream, apply and
 * acknowledge changes exactly as a service using Switchyard would, so the server counts them in
 * "landed on N of N".
 */
export interface SdkClients {
  /** The environment version each client has applied (it acknowledges what it applies). */
  readonly acked: number[];
  close(): Promise<void>;
}

export async function connectSdkClients(baseUrl: string, serverKey: string, count: number): Promise<SdkClients> {
  const clients: SwitchyardClient[] = Array.from({ length: count }, () => createClient({ sdkKey: serverKey, baseUrl, summaries: false }));
  const ready = await Promise.all(clients.map((c) => c.waitForReady(15_000)));
  if (!ready.every(Boolean)) throw new Error('an SDK client did not become ready within 15 s');
  return {
    get acked() {
      return clients.map((c) => c.diagnostics().version);
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
    },
  };
}
