import type { DataSource, DataSourceSink } from '../data-sources/data-source';
import { attachTestData, type TestData } from './test-data';

/** The data source of a client made with `createClient({ testData })`: in sync from the start. */
export function createTestDataSource(testData: TestData, sink: DataSourceSink): DataSource {
  let detach: (() => void) | undefined;
  return {
    start() {
      if (detach !== undefined) return;
      detach = attachTestData(testData, sink);
      sink.synced();
    },
    stop() {
      detach?.();
      detach = undefined;
    },
  };
}
