import WebSocket from 'ws';

/**
 * Raw protocol-1 server SDK connections (docs/protocol.md): hello with the key, then an ack for
 * every snapshot / patch / delete applied, and pong for every ping. Enough for the server to count
 * them in "landed on N of N" exactly as it counts real SDKs.
 */
export interface SdkClients {
  /** The highest version each connection acknowledged. */
  readonly acked: number[];
  close(): Promise<void>;
}

export async function connectSdkClients(baseUrl: string, serverKey: string, count: number): Promise<SdkClients> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/sdk/v1/stream`;
  const acked = new Array<number>(count).fill(-1);
  const sockets = await Promise.all(Array.from({ length: count }, (_, i) => connectOne(url, serverKey, (v) => (acked[i] = Math.max(acked[i]!, v)))));
  return {
    acked,
    async close() {
      await Promise.all(
        sockets.map(
          (ws) =>
            new Promise<void>((resolve) => {
              if (ws.readyState === WebSocket.CLOSED) return resolve();
              ws.once('close', () => resolve());
              ws.close(1000, 'test done');
            }),
        ),
      );
    },
  };
}

/** Resolves once the connection has applied (and acknowledged) its first snapshot. */
function connectOne(url: string, key: string, onAck: (version: number) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => reject(new Error('the SDK connection did not sync within 10 s')), 10_000);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', protocol: 1, sdk: { name: 'e2e-raw', version: '0.0.0' }, key })));
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string; version?: number; code?: string; message?: string };
      if (msg.type === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
      else if ((msg.type === 'snapshot' || msg.type === 'patch' || msg.type === 'delete') && typeof msg.version === 'number') {
        ws.send(JSON.stringify({ type: 'ack', version: msg.version }));
        onAck(msg.version);
        if (msg.type === 'snapshot') {
          clearTimeout(timer);
          resolve(ws);
        }
      } else if (msg.type === 'error') reject(new Error(`stream refused: ${msg.code} ${msg.message}`));
    });
    ws.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
