import WebSocket from 'ws';
import type { ServerProcess } from './server-process';

export interface CrashRoundResult {
  attempted: number;
  acknowledged: number;
  lost: string[];
  missingAudit: string[];
  chainOk: boolean;
  /** The stream resumed from the version seen before the crash without a gap or a snapshot. */
  resumedContiguously: boolean;
  versionsReplayed: number;
}

/**
 * One crash round: a burst of `writes` concurrent audited writes (segment creations), a SIGKILL at
 * a random point inside it, a restart, then checks that every acknowledged write is there with its
 * audit entry, the chain verifies, and a stream client resumes from its last version without a gap.
 */
export async function crashRound(server: ServerProcess, round: number, writes: number, serverKey: string): Promise<CrashRoundResult> {
  const acked: string[] = [];
  let attempted = 0;
  // A client in sync before the burst, gone during it: after the crash it must catch up by replay.
  const before = await openStream(server.baseUrl, serverKey);
  const lastVersion = before.lastVersion;
  before.socket.terminate();
  // SIGKILL once a random 20-80% of the burst is acknowledged, so it always lands mid-burst.
  const killAtAck = Math.floor(writes * (0.2 + 0.6 * Math.random()));
  let killing: Promise<void> | undefined;
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= writes || killing) return;
      const key = `r${round}-s${i}`;
      attempted++;
      try {
        const res = await fetch(`${server.baseUrl}/api/v1/environments/production/segments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ key, included: [`user-${i}`] }),
        });
        if (res.status === 201) acked.push(key);
        if (acked.length >= killAtAck) killing ??= server.kill();
      } catch {
        return; // the server is gone: this request's outcome is unknown, and it was not acknowledged
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  await killing;

  await server.start();
  const segments = await server.api('GET', '/api/v1/environments/production/segments');
  const present = new Set<string>(segments.body.items.map((s: { key: string }) => s.key));
  const lost = acked.filter((k) => !present.has(k));
  const audited = new Set<string>();
  const exported = await fetch(`${server.baseUrl}/api/v1/audit/export?action=segment.create`, { headers: { authorization: `Bearer ${server.adminToken}` } });
  for (const line of (await exported.text()).trim().split('\n')) if (line) audited.add(JSON.parse(line).targetKey);
  const missingAudit = acked.filter((k) => !audited.has(k));
  const chainOk = (await server.api('GET', '/api/v1/audit/verify')).body.ok === true;

  const resumed = await openStream(server.baseUrl, serverKey, lastVersion);
  const versions = resumed.patchVersions;
  const contiguous =
    !resumed.gotSnapshot && versions.length >= acked.length && versions.every((v, i) => v === lastVersion + 1 + i) && lastVersion + versions.length === resumed.readyVersion;
  resumed.socket.terminate();
  return { attempted, acknowledged: acked.length, lost, missingAudit, chainOk, resumedContiguously: contiguous, versionsReplayed: versions.length };
}

interface OpenStream {
  socket: WebSocket;
  lastVersion: number;
  readyVersion: number;
  gotSnapshot: boolean;
  patchVersions: number[];
}

/** A raw server-SDK stream that tracks the last version applied; resolves once it is in sync. */
function openStream(baseUrl: string, key: string, lastVersion?: number): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/sdk/v1/stream`);
    const s: OpenStream = { socket, lastVersion: lastVersion ?? -1, readyVersion: -1, gotSnapshot: false, patchVersions: [] };
    const timer = setTimeout(() => reject(new Error('stream did not sync')), 10_000);
    const synced = () => {
      if (s.readyVersion >= 0 && s.lastVersion >= s.readyVersion) {
        clearTimeout(timer);
        resolve(s);
      }
    };
    socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', protocol: 1, sdk: { name: 'crash-test', version: '0' }, key, ...(lastVersion !== undefined ? { lastVersion } : {}) })));
    socket.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m.type === 'ready') s.readyVersion = m.version;
      if (m.type === 'snapshot') {
        s.gotSnapshot = true;
        s.lastVersion = m.version;
      }
      if (m.type === 'patch' || m.type === 'delete') {
        s.patchVersions.push(m.version);
        s.lastVersion = m.version;
      }
      synced();
    });
    socket.on('error', () => undefined);
  });
}
