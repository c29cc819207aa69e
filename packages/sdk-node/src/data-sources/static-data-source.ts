import type { DataSource, DataSourceSink } from './data-source';

/**
 * Offline: whatever was loaded at construction (a bootstrap, or nothing) is all there is, and the
 * client is ready at once. Evaluations of unknown flags return the caller's default.
 */
export function createStaticDataSource(sink: DataSourceSink): DataSource {
  return {
    start() {
      sink.synced();
    },
    stop() {},
  };
}
