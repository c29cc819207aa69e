import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Database, Stores, Tx } from '../stores';
import { postgresAuditStore } from './audit-store';
import { postgresChangeStore } from './change-store';
import { postgresDeploymentStore } from './deployment-store';
import { postgresEnvironmentStore } from './environment-store';
import { postgresEvaluationStore } from './evaluation-store';
import { postgresFlagConfigStore } from './flag-config-store';
import { postgresFlagStore } from './flag-store';
import { postgresKeyStore } from './key-store';
import { isRetryable, WRITE_LOCK_ID } from './locks';
import { postgresMigrationStore } from './migration-store';
import { openPostgres } from './open-postgres';
import type { PgDb, StatementName } from './pg-db';
import { postgresSegmentStore } from './segment-store';
import { Semaphore } from './semaphore';
import { postgresSessionStore } from './session-store';
import { postgresTriggerStore } from './trigger-store';
import { postgresWebhookStore } from './webhook-store';

export interface PostgresDatabaseOptions {
  /** Connections in this replica's pool (default 10). At most half are held by transactions, so reads always find one. */
  poolSize?: number;
  /** Called when an after-commit hook throws (the change is committed; the caller still gets its result). */
  onHookError?: (err: unknown) => void;
  /** Called when a pooled connection fails (e.g. the server restarted, or ended a stalled transaction); the pool replaces it. */
  onConnectionError?: (err: unknown) => void;
  /** Shown in pg_stat_activity (default "switchyard"). */
  applicationName?: string;
  /** The server ends a session idle inside a transaction for this long, releasing its locks (default 30 s). */
  idleInTransactionTimeoutMs?: number;
  /** Times a unit of work is run again after a deadlock or serialization failure (default 3). */
  retries?: number;
  /**
   * Whether the write path's statements are prepared by name, once per session (default true). Turn
   * it off behind a pooler that does not keep a session's prepared statements (PgBouncer in
   * transaction mode before 1.21): statements are then still built once, but parsed on every call.
   */
  namedStatements?: boolean;
}

/**
 * Usage data: commutative counters written with single-statement atomic upserts. They need no
 * ordering against anything else, so they do not take the write lock (SDK summaries are frequent).
 */
const UNLOCKED: { [K in keyof Stores]?: readonly (keyof Stores[K])[] } = {
  evaluations: ['add', 'listForFlag', 'listAll'],
  migrations: ['addMeasurement', 'listMeasurements'],
  // The delivery worker's bookkeeping: single statements on the webhook tables, ordered by their own
  // lease, never by the write lock (a slow receiver must not hold up configuration changes).
  webhooks: ['withPending', 'claim', 'release', 'pending', 'attempted', 'deliveries', 'attempts', 'requeue'],
};

/**
 * Several replicas on one PostgreSQL database.
 *
 * **Transactions** run on one pooled connection, `BEGIN` (READ COMMITTED) … `COMMIT`, and after-commit
 * hooks run only once COMMIT has returned. The first store call of a transaction (other than usage
 * counters, see UNLOCKED) takes `pg_advisory_xact_lock(WRITE_LOCK_ID)`, held until COMMIT or ROLLBACK:
 * configuration units of work are serialised across every replica, in the database, as SQLite's
 * single writer serialises them on one machine. That is what the services are written against: they
 * read, check (base versions, "already exists", "already killed", stage transitions) and then write,
 * so a lock taken only at the audit head would still let two replicas pass the same check and both
 * write. It also gives a single audit chain (`audit.head()` runs under the lock, so no two
 * transactions read the same head) and gap-free versions (`bumpVersion` is
 * `UPDATE … SET version = version + 1 RETURNING version`; its row lock is held to COMMIT too).
 *
 * READ COMMITTED matters: every statement sees what committed before it started, so statements after
 * the lock see the previous holder's writes. (Under REPEATABLE READ the snapshot would be taken by the
 * lock statement itself, before it waited.)
 *
 * **Deadlocks**: the write lock is always the first lock a configuration unit of work takes, before any
 * row lock, and only one of them holds it, so they cannot deadlock on each other, whatever order they
 * touch environments in. Usage upserts lock only counter rows, in sorted order, and never wait for the
 * write lock. Should PostgreSQL still report a deadlock or serialization failure (40P01, 40001), the
 * whole unit of work is rolled back and run again (`retries` times); `fn` must therefore only work
 * through `tx` (the services' units of work do: hooks of a failed attempt are discarded).
 *
 * **Reads** run in a `REPEATABLE READ READ ONLY` transaction: every query of one `read(fn)` sees the same
 * snapshot (a rule set and the version it claims come from the same commit). Reads take no locks and
 * never wait for writers.
 */
export async function createPostgresDatabase(url: string, options: PostgresDatabaseOptions = {}): Promise<Database> {
  const poolSize = options.poolSize ?? 10;
  const onHookError = options.onHookError ?? (() => {});
  const retries = options.retries ?? 3;
  const onConnectionError = options.onConnectionError ?? (() => {});
  const statementName: StatementName = options.namedStatements === false ? () => '' : (name) => name;
  const pool = await openPostgres(url, {
    poolSize,
    applicationName: options.applicationName ?? 'switchyard',
    idleInTransactionTimeoutMs: options.idleInTransactionTimeoutMs ?? 30_000,
    onConnectionError,
  });
  const writers = new Semaphore(Math.max(1, Math.floor(poolSize / 2)));
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;

  function track<T>(work: () => Promise<T>): Promise<T> {
    if (closed) return Promise.reject(new Error('the database is closed'));
    const p = work();
    inFlight.add(p);
    const forget = () => inFlight.delete(p);
    p.then(forget, forget);
    return p;
  }

  /** Runs `work` inside BEGIN `mode` … COMMIT on one pooled connection; ROLLBACK when it throws. */
  async function withClient<T>(begin: string, work: (connection: Connection) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    const connection = connectionOf(client, statementName);
    let broken: Error | undefined;
    // A checked-out connection that fails while no query is running (e.g. the server ended a session
    // idle in its transaction) emits 'error'; unheard, that event would crash the process.
    const onError = (err: Error) => {
      broken = err;
      onConnectionError(err);
    };
    client.on('error', onError);
    try {
      await connection.query(begin).catch((e: Error) => {
        broken = e;
        throw e;
      });
      try {
        const result = await work(connection);
        await connection.query('COMMIT');
        return result;
      } catch (err) {
        await connection.query('ROLLBACK').catch((e: Error) => {
          broken = e; // the connection is unusable: the pool must not hand it out again
        });
        throw err;
      }
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async function attempt<T>(fn: (tx: Tx) => Promise<T>): Promise<{ result: T; hooks: (() => void)[] }> {
    const hooks: (() => void)[] = [];
    const result = await withClient('BEGIN ISOLATION LEVEL READ COMMITTED', async (connection) => {
      let locked: Promise<unknown> | undefined;
      connection.lock = () => (locked ??= connection.query('select pg_advisory_xact_lock($1)', [WRITE_LOCK_ID.toString()]));
      try {
        const tx: Tx = { ...connection.locked, afterCommit: (f) => hooks.push(f) };
        return await fn(tx);
      } finally {
        connection.lock = outsideTransaction;
      }
    });
    return { result, hooks };
  }

  return {
    dialect: 'postgres',
    transaction(fn) {
      return track(async () => {
        for (let n = 0; ; n++) {
          let outcome;
          try {
            outcome = await writers.run(() => attempt(fn));
          } catch (err) {
            if (n >= retries || !isRetryable(err)) throw err;
            await sleep(Math.random() * 20 * 2 ** n);
            continue;
          }
          // Committed: a failing hook must not turn the change into an error for the caller.
          for (const hook of outcome.hooks) {
            try {
              hook();
            } catch (err) {
              onHookError(err);
            }
          }
          return outcome.result;
        }
      });
    },
    read(fn) {
      return track(() => withClient('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', ({ stores }) => fn(stores)));
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...inFlight]);
      await pool.end();
    },
  };
}

/**
 * A connection runs one query at a time. Services may issue several at once inside one unit of work
 * (`Promise.all` over flags); pg 8 queues them itself but deprecates that (pg 9 will refuse), so
 * queries on one connection are chained here, in the order they were issued.
 */
interface Connection {
  query: pg.PoolClient['query'];
  /**
   * The stores on this connection, made once with it: drizzle builds their write-path statements'
   * SQL once, and (unless `namedStatements` is off) PostgreSQL parses each once per session.
   */
  stores: Stores;
  /** The same stores, each method (but the UNLOCKED ones) awaiting `lock()` first. */
  locked: Stores;
  /** Takes the write lock of the transaction running on this connection (set by each transaction). */
  lock: () => Promise<unknown>;
}

const outsideTransaction = () => Promise.reject(new Error('a store of a finished transaction was used'));

/** One chain, one drizzle instance and one set of stores per pooled connection, made on first use (the pool reuses connections). */
const connections = new WeakMap<pg.PoolClient, Connection>();
function connectionOf(client: pg.PoolClient, statementName: StatementName): Connection {
  let c = connections.get(client);
  if (!c) {
    let tail: Promise<unknown> = Promise.resolve();
    const query = ((...args: Parameters<pg.PoolClient['query']>) => {
      const run = tail.then(() => (client.query as (...a: unknown[]) => Promise<unknown>)(...args));
      tail = run.catch(() => undefined);
      return run;
    }) as pg.PoolClient['query'];
    // drizzle's node-postgres session only calls `query` on the client it is given.
    const stores = storesOn(drizzle({ client: { query } as unknown as pg.PoolClient }), statementName);
    const made: Connection = { query, stores, locked: stores, lock: outsideTransaction };
    made.locked = lockedStores(stores, () => made.lock());
    connections.set(client, (c = made));
  }
  return c;
}

function storesOn(db: PgDb, statement: StatementName): Stores {
  return {
    environments: postgresEnvironmentStore(db, statement),
    flags: postgresFlagStore(db, statement),
    configs: postgresFlagConfigStore(db, statement),
    segments: postgresSegmentStore(db),
    keys: postgresKeyStore(db),
    audit: postgresAuditStore(db, statement),
    changes: postgresChangeStore(db, statement),
    sessions: postgresSessionStore(db),
    evaluations: postgresEvaluationStore(db),
    migrations: postgresMigrationStore(db),
    deployment: postgresDeploymentStore(db),
    triggers: postgresTriggerStore(db),
    webhooks: postgresWebhookStore(db, statement),
  };
}

/** The stores with every method (but the UNLOCKED ones) awaiting the write lock before it runs. */
function lockedStores(stores: Stores, lock: () => Promise<unknown>): Stores {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, store] of Object.entries(stores) as [keyof Stores, Record<string, (...args: unknown[]) => Promise<unknown>>][]) {
    const unlocked = new Set<string>((UNLOCKED[name] ?? []) as string[]);
    out[name] = Object.fromEntries(
      Object.entries(store).map(([method, f]) => [
        method,
        unlocked.has(method)
          ? f
          : async (...args: unknown[]) => {
              await lock();
              return f(...args);
            },
      ]),
    );
  }
  return out as unknown as Stores;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
