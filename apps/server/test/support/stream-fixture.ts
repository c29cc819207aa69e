import type { TestServer } from './test-server';
import { RawStream } from './ws-client';

/**
 * What streaming tests share: raw streams opened against the test server (closed together at the
 * end) and shorthands for a flag's production config. `server` is read when a helper is called, so
 * the fixture can be made before the server starts.
 */
export function streamFixture(server: () => TestServer) {
  const streams: RawStream[] = [];
  const prod = (flag: string) => `/api/v1/flags/${flag}/environments/production`;
  const version = async (flag: string) => (await server().get(prod(flag))).body.version as number;
  return {
    /** A new raw stream to the server, closed by `closeAll`; `headers` go with its upgrade request. */
    open(headers?: Record<string, string>): RawStream {
      const r = new RawStream(server().baseUrl, headers);
      streams.push(r);
      return r;
    },
    closeAll(): void {
      for (const r of streams) r.close();
    },
    /** The admin API path of a flag's production config. */
    prod,
    /** A flag's current production config version. */
    version,
    /** Toggles a flag in production at its current version; returns the new version. */
    async toggle(flag: string, enabled: boolean): Promise<number> {
      return (await server().post(`${prod(flag)}/toggle`, { enabled, baseVersion: await version(flag) })).body.version as number;
    },
  };
}
