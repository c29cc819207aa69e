import type { AppliedChange } from './environment-state';
import { wireFrame } from '../../fast-paths/websocket-text-frame';

/**
 * Consecutive changes of one environment, applied to its state and not yet sent, in version order.
 * Server SDKs get each change's frame; browsers get one delta for the lot, so the client-side flags
 * to re-evaluate and the ones to remove are gathered here once, as of the last change.
 */
export class ChangeBatch {
  readonly changes: AppliedChange[] = [];
  private flags: Set<string> | undefined;
  private removed: Set<string> | undefined;
  private wire: Buffer | undefined;
  private flagList: { keys: string[]; json: string[] } | undefined;
  /** Whether some change is a `changes` message, which protocol-1 connections cannot take. */
  needsProtocol2 = false;

  add(applied: AppliedChange): void {
    this.changes.push(applied);
    if (applied.protocol2) this.needsProtocol2 = true;
    this.wire = undefined;
    this.flagList = undefined;
    for (const k of applied.clientFlags) {
      (this.flags ??= new Set()).add(k);
      this.removed?.delete(k);
    }
    for (const k of applied.clientRemoved) {
      (this.removed ??= new Set()).add(k);
      this.flags?.delete(k);
    }
  }

  /** The version of the last change: what the browser delta is evaluated at. */
  get lastVersion(): number {
    return this.changes[this.changes.length - 1]!.version;
  }

  /**
   * Every change's patch as whole WebSocket frames, back to back, built once for all the server SDKs
   * that have none of the batch yet (the usual case).
   */
  wireFrames(): Buffer {
    this.wire ??= Buffer.concat(this.changes.map((c) => wireFrame(c.serverFrame)));
    return this.wire;
  }

  /** Whether any change may have changed what browsers see. */
  get concernsBrowsers(): boolean {
    return this.flags !== undefined || this.removed !== undefined;
  }

  /** Client-side flags to re-evaluate (still client-side after the last change). */
  clientFlags(): readonly string[] {
    return this.flagLists().keys;
  }

  /** {@link clientFlags}' keys as JSON strings, in the same order (each browser's delta is written from them). */
  clientFlagsJson(): readonly string[] {
    return this.flagLists().json;
  }

  private flagLists(): { keys: string[]; json: string[] } {
    if (this.flagList === undefined) {
      const keys = [...(this.flags ?? [])];
      this.flagList = { keys, json: keys.map((k) => JSON.stringify(k)) };
    }
    return this.flagList;
  }

  /** Flags that are no longer visible to browsers after the last change. */
  clientRemoved(): Iterable<string> {
    return this.removed ?? [];
  }
}
