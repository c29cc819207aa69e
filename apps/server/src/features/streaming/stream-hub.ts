import {
  checkMessageForKeyKind,
  type ClientMessage,
  type HelloMessage,
  type RuleSet,
  type SummaryMessage,
} from '@switchyard/core';
import type { ChangeRecord } from '../../db/records';
import type { Database } from '../../db/stores';
import type { SdkAuthenticator } from '../auth/authenticate-sdk';
import type { ChangeFeed } from '../changes/change-feed';
import type { RuleSetCache } from '../sdk/rule-set-cache';
import { changeFrame, needsProtocol2 } from './change-frame';
import type { ChangeBatch } from './change-batch';
import { evaluateValues } from './client-values';
import { ConnectionRegistry } from './connection-registry';
import { EnvironmentState, type AppliedChange } from './environment-state';
import { FanOutQueue } from './fan-out-queue';
import { sendBatch } from './send-batch';
import type { StreamConnection } from './stream-connection';
import type { StreamOptions } from './stream-options';
import { checkSummary } from './summary-check';
import type { Metrics } from '../../infra/metrics/metrics';
import type { SourceLimits } from './source-limits';

/** Changes read per query when filling a gap from the change log. */
const CATCH_UP_PAGE = 500;

export interface DeliveryCount {
  total: number;
  applied: number;
}

export interface HubDeps {
  db: Database;
  authenticateSdk: SdkAuthenticator;
  feed: ChangeFeed;
  ruleSets: RuleSetCache;
  options: StreamOptions;
  metrics?: Metrics;
  /** Evaluation summaries sent by SDKs: only the counters their key may report. */
  onSummary?: (envKey: string, summary: SummaryMessage) => void;
}

/**
 * Every streaming connection of this server, by environment and key. Applies each committed change
 * to the environment's in-memory state once, at once and in order; what SDKs must be sent is queued
 * and sent on the next event-loop turn (off the request that committed it), batched: server SDKs
 * get every patch frame, browsers one delta of the values that changed for their context.
 */
export class StreamHub {
  private readonly connections: ConnectionRegistry;
  private readonly states = new Map<string, EnvironmentState>();
  private readonly loading = new Map<string, { promise: Promise<EnvironmentState>; buffer: ChangeRecord[] }>();
  private readonly unsubscribe: () => void;
  private readonly catchingUp = new Map<string, Promise<void>>();
  private readonly catchUpAgain = new Set<string>();
  private readonly queue = new FanOutQueue((envKey, batch) => this.send(envKey, batch));
  private readonly appliedListeners = new Set<(envKey: string, version: number) => void>();

  constructor(private readonly deps: HubDeps) {
    this.unsubscribe = deps.feed.subscribe((change) => this.ingest(change));
    this.connections = new ConnectionRegistry(deps.options);
  }

  /**
   * An environment's state at its latest applied version, loaded once and then kept current by
   * committed changes (this replica's and, through the fan-out, the others'): what OFREP evaluates on.
   */
  environment(envKey: string): EnvironmentState | Promise<EnvironmentState> {
    return this.states.get(envKey) ?? this.state(envKey);
  }

  /**
   * Called with each environment's last applied version when its queued changes go out (after the
   * WebSocket connections are sent them): OFREP event streams tell their providers to re-fetch.
   * Returns the unsubscription.
   */
  onApplied(listener: (envKey: string, version: number) => void): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  /** The per-source limits browser connections are counted against (OFREP event streams share them). */
  get sourceLimits(): SourceLimits {
    return this.connections.sources;
  }

  /** Handles one valid message from a connection. */
  async receive(conn: StreamConnection, message: ClientMessage): Promise<void> {
    if (conn.phase === 'hello') {
      if (message.type !== 'hello') return conn.close('bad-message', 'The first message must be hello.');
      return this.hello(conn, message);
    }
    // A client that did not wait for `ready` (docs/protocol.md): its key is still being checked.
    if (!conn.ready) return conn.close('bad-message', 'Nothing but hello is read before ready: wait for it.');
    switch (message.type) {
      case 'hello':
        return conn.close('bad-message', 'hello was already received.');
      case 'ack':
        conn.ackedVersion = Math.max(conn.ackedVersion, message.version);
        return;
      case 'ping':
        return conn.send({ type: 'pong' });
      case 'pong':
        return;
      case 'context': {
        if (conn.kind !== 'client') return conn.close('bad-message', 'Only client keys send a context.');
        if (!this.connections.takeContext(conn)) return conn.close('context-rate-exceeded');
        const state = this.states.get(conn.key!.envKey!);
        if (!state) return;
        conn.context = message.context;
        conn.contextSeq = message.seq;
        conn.values = evaluateValues(state, state.clientFlagKeys(), conn.context);
        conn.sentVersion = Math.max(conn.sentVersion, state.version);
        return conn.send({ type: 'values', version: state.version, contextSeq: conn.contextSeq, full: true, values: conn.values });
      }
      case 'summary':
        return this.summary(conn, message);
    }
  }

  /** Records the counters of a summary that the connection's key may report, within its rate (see checkSummary). */
  private summary(conn: StreamConnection, summary: SummaryMessage): void {
    const metrics = this.deps.metrics;
    metrics?.summariesReceived.inc();
    if (!conn.takeSummary()) return void metrics?.summaryCountersDropped.inc({ reason: 'rate-limited' }, summary.counters.length);
    const envKey = conn.key!.envKey!;
    const state = this.states.get(envKey);
    if (!state || !conn.kind) return;
    const { accepted, signals, dropped } = checkSummary(state, conn.kind, summary);
    for (const [reason, n] of dropped) metrics?.summaryCountersDropped.inc({ reason }, n);
    if (accepted.length > 0 || signals.length > 0) this.deps.onSummary?.(envKey, { ...summary, counters: accepted, signals });
  }

  private async hello(conn: StreamConnection, hello: HelloMessage): Promise<void> {
    conn.phase = 'authenticating';
    const auth = await this.deps.authenticateSdk(hello.key, 'any');
    if (conn.phase !== 'authenticating') return; // closed while we looked the key up
    if (auth.refused === 'revoked') return conn.close('key-revoked');
    const key = auth.key;
    if (!key) return conn.close('invalid-key');
    const wrongShape = checkMessageForKeyKind(hello, key.kind);
    if (wrongShape) return conn.close('bad-message', wrongShape.message, wrongShape.path);
    const refused = this.connections.admit(conn, key);
    if (refused) return conn.close(refused);
    conn.protocol = hello.protocol;
    const envKey = key.envKey;
    const state = await this.state(envKey);
    if (conn.phase !== 'authenticating') return;
    conn.phase = 'syncing';
    this.connections.join(conn, envKey);
    conn.send({ type: 'ready', environment: envKey, version: state.version, heartbeatMs: this.deps.options.heartbeatMs, connectionId: conn.id });

    if (key.kind === 'client') {
      conn.context = hello.context ?? {};
      conn.values = evaluateValues(state, state.clientFlagKeys(), conn.context);
      conn.send({ type: 'values', version: state.version, contextSeq: 0, full: true, values: conn.values });
      return conn.goLive(state.version);
    }
    const last = hello.lastVersion;
    if (last === state.version) return conn.goLive(state.version);
    if (last !== undefined && last < state.version && state.version - last <= this.deps.options.maxReplay) {
      const target = state.version;
      const missed = await this.deps.db.read((s) => s.changes.since(envKey, last, target - last));
      // A protocol-1 SDK that missed a batch gets a snapshot below (it cannot take a `changes` message).
      const replayable = conn.protocol >= 2 || !missed.some(needsProtocol2);
      if (replayable && missed.length === target - last && missed.every((c, i) => c.version === last + 1 + i)) {
        conn.corked(() => missed.forEach((c) => conn.sendFrame(changeFrame(c))));
        return conn.goLive(target);
      }
    }
    // First connect, too far behind, ahead of us (a restored database), or a log with holes: snapshot.
    conn.sendFrame(state.snapshot());
    conn.goLive(state.version);
  }

  /** The environment's state, loaded once; changes committed during the load are applied after it. */
  private async state(envKey: string): Promise<EnvironmentState> {
    const ready = this.states.get(envKey);
    if (ready) return ready;
    const pending = this.loading.get(envKey);
    if (pending) return pending.promise;
    const buffer: ChangeRecord[] = [];
    const promise = this.deps.ruleSets.get(envKey).then((cached) => {
      const state = new EnvironmentState(JSON.parse(cached.body.toString()) as RuleSet);
      this.states.set(envKey, state);
      this.loading.delete(envKey);
      for (const change of buffer.sort((a, b) => a.version - b.version)) this.ingest(change);
      return state;
    });
    this.loading.set(envKey, { promise, buffer });
    promise.catch(() => this.loading.delete(envKey));
    return promise;
  }

  /**
   * A committed change, from this process or from another replica (Redis), in any order and maybe
   * twice: the next version is applied, duplicates are ignored, and a gap is filled from the
   * database's change log first — so every SDK still gets every version once, in order.
   */
  ingest(change: ChangeRecord): void {
    const state = this.states.get(change.envKey);
    if (!state) return void this.loading.get(change.envKey)?.buffer.push(change);
    if (change.version <= state.version) return;
    if (change.version === state.version + 1 && !this.catchingUp.has(change.envKey)) return this.dispatch(change.envKey, state.apply(change));
    void this.catchUp(change.envKey);
  }

  /** Brings one environment's state up to the database's latest version, from the change log. */
  catchUp(envKey: string): Promise<void> {
    const running = this.catchingUp.get(envKey);
    if (running) {
      this.catchUpAgain.add(envKey);
      return running;
    }
    const run = (async () => {
      try {
        do {
          this.catchUpAgain.delete(envKey);
          for (;;) {
            const state = this.states.get(envKey);
            if (!state) return;
            const page = await this.deps.db.read((s) => s.changes.since(envKey, state.version, CATCH_UP_PAGE));
            for (const change of page) this.dispatch(envKey, state.apply(change));
            if (page.length < CATCH_UP_PAGE) break;
          }
        } while (this.catchUpAgain.has(envKey));
      } finally {
        this.catchingUp.delete(envKey);
      }
    })();
    this.catchingUp.set(envKey, run);
    return run;
  }

  /** Catches every loaded environment up (the fallback when no change fan-out is reachable). */
  async catchUpAll(): Promise<void> {
    await Promise.all([...this.states.keys()].map((envKey) => this.catchUp(envKey)));
  }

  /** Closes connections whose key was revoked (possibly on another replica). */
  async closeRevokedKeys(): Promise<void> {
    const ids = this.connections.keyIds();
    if (ids.length === 0) return;
    const revoked = await this.deps.db.read(async (s) => (await Promise.all(ids.map((id) => s.keys.get(id)))).filter((k) => k?.revokedAt != null));
    for (const key of revoked) this.closeKey(key!.id);
  }

  /** Queues an applied change for sending (see {@link FanOutQueue}). */
  private dispatch(envKey: string, applied: AppliedChange | undefined): void {
    if (applied) this.queue.push(envKey, applied);
  }

  /** Sends one environment's queued changes to its connections. */
  private send(envKey: string, batch: ChangeBatch): void {
    const conns = this.connections.inEnvironment(envKey);
    const state = this.states.get(envKey);
    if (conns && state) sendBatch(conns, state, batch);
    for (const listener of this.appliedListeners) listener(envKey, batch.lastVersion);
    if (!conns || !state) return;
    const now = Date.now();
    for (const c of batch.changes) this.deps.metrics?.changeToPush.observe(Math.max(0, now - Date.parse(c.at)) / 1000);
  }

  /** Forgets a closed connection. */
  remove(conn: StreamConnection): void {
    this.connections.remove(conn);
  }

  /** Closes every connection of a revoked key with the no-retry code. */
  closeKey(keyId: string): void {
    for (const conn of this.connections.ofKey(keyId)) conn.close('key-revoked');
  }

  /** How many live connections of an environment have applied `version`. */
  delivery(envKey: string, version: number): DeliveryCount & { server: DeliveryCount; client: DeliveryCount } {
    this.queue.flush(); // what is queued counts as sent
    const server = { total: 0, applied: 0 };
    const client = { total: 0, applied: 0 };
    for (const conn of this.connections.inEnvironment(envKey) ?? []) {
      if (conn.phase !== 'live') continue;
      const bucket = conn.kind === 'server' ? server : client;
      bucket.total++;
      if (conn.hasApplied(version)) bucket.applied++;
    }
    return { total: server.total + client.total, applied: server.applied + client.applied, server, client };
  }

  /** Live connections by key kind. */
  connectionsByKind(): { server: number; client: number } {
    const counts = { server: 0, client: 0 };
    for (const conn of this.connections.all()) if (conn.kind) counts[conn.kind]++;
    return counts;
  }

  connectionCount(): number {
    return this.connections.all().length;
  }

  /**
   * Server shutdown: every SDK is told to reconnect elsewhere, each after its own random delay
   * within `spreadMs`, so the other replicas are not hit by every SDK in the same instant.
   */
  shutdown(spreadMs = 2_000): void {
    this.unsubscribe();
    this.queue.flush(); // what is already applied goes out before the goaway
    for (const conn of this.connections.all()) conn.goAway(Math.floor(Math.random() * spreadMs));
  }
}
