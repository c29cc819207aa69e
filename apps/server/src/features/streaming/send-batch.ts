import type { ChangeBatch } from './change-batch';
import { sameServedValue, servedEntry } from './client-values';
import type { EnvironmentState } from './environment-state';
import type { StreamConnection } from './stream-connection';

/**
 * Sends one environment's batch to its connections: each server SDK every patch frame it does not
 * have yet, in version order and in one write; each browser one `values` delta for the whole batch,
 * evaluated against the state as of the batch's last change. A connection that cannot be sent its
 * changes is closed, so that it reconnects and resynchronises rather than silently missing one.
 */
export function sendBatch(conns: Iterable<StreamConnection>, state: EnvironmentState, batch: ChangeBatch): void {
  for (const conn of conns) {
    try {
      if (conn.kind === 'server') sendPatches(conn, state, batch);
      else if (conn.kind === 'client' && batch.concernsBrowsers) sendValues(conn, state, batch);
    } catch {
      conn.close('server-error');
    }
  }
}

function sendPatches(conn: StreamConnection, state: EnvironmentState, batch: ChangeBatch): void {
  const { changes } = batch;
  // A protocol-1 SDK cannot take a `changes` message: a snapshot brings it to the batch's last version
  // as one unit too (the state is at that version: changes are applied as they are queued).
  if (batch.needsProtocol2 && conn.protocol < 2) return conn.deliver(batch.lastVersion, state.snapshot());
  // The usual case: a live connection that has none of the batch gets the prebuilt frames in one write.
  if (changes[0]!.version > conn.sentVersion && conn.deliverWire(batch.lastVersion, batch.wireFrames(), changes.length)) return;
  if (changes.length === 1) return conn.deliver(changes[0]!.version, changes[0]!.serverFrame);
  conn.corked(() => {
    for (const c of changes) conn.deliver(c.version, c.serverFrame);
  });
}

/**
 * The browser's delta: the values that changed for its context, and the flags it no longer sees;
 * nothing at all when neither did (a change that serves this context what it already has).
 * PERFORMANCE NOTE: this runs for every browser on every batch. The frame is the `values` message
 * (`ValuesMessage`, full: false) written out from each result's JSON, made once per result
 * (`servedEntry`), rather than a new object per browser given to JSON.stringify.
 */
function sendValues(conn: StreamConnection, state: EnvironmentState, batch: ChangeBatch): void {
  const version = batch.lastVersion;
  if (conn.phase === 'closed' || version <= conn.sentVersion) return; // e.g. got full values since
  const held = conn.values;
  const keys = batch.clientFlags();
  const keysJson = batch.clientFlagsJson();
  let values = '';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const next = servedEntry(state.evaluator.evaluate(key, conn.context));
    const before = Object.hasOwn(held, key) ? held[key] : undefined;
    if (before !== next.served && !sameServedValue(before, next.served)) values += `${values === '' ? '' : ','}${keysJson[i]}:${next.json}`;
    held[key] = next.served;
  }
  let removed: string[] | undefined;
  for (const key of batch.clientRemoved()) {
    if (!Object.hasOwn(held, key)) continue;
    (removed ??= []).push(key);
    delete held[key];
  }
  // Nothing this context sees changed: no frame. Its acked version then stays below the batch's,
  // which still counts as landed (StreamConnection.hasApplied compares with what it was sent), and
  // a browser that reconnects always starts from full values, so it never needs the version.
  if (values === '' && removed === undefined) return;
  const tail = removed ? `,"removed":${JSON.stringify(removed)}` : '';
  conn.deliver(version, `{"type":"values","version":${version},"contextSeq":${conn.contextSeq},"full":false,"values":{${values}}${tail}}`);
}
