import type { Database } from '../../db/stores';
import type { Metrics } from './metrics';

/** The same database, timing every unit of work into the store-latency histogram. */
export function instrumentDatabase(db: Database, metrics: Metrics): Database {
  const timed = <T>(kind: 'transaction' | 'read', run: () => Promise<T>): Promise<T> => {
    const end = metrics.storeLatency.startTimer({ kind });
    return run().finally(() => end());
  };
  return {
    dialect: db.dialect,
    transaction: (fn) => timed('transaction', () => db.transaction(fn)),
    read: (fn) => timed('read', () => db.read(fn)),
    ping: () => db.ping(),
    close: () => db.close(),
  };
}
