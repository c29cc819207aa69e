import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { openSqlite } from '../src/db/sqlite/open-sqlite';

/**
 * An acknowledged write must survive power loss, not only a killed process: in WAL mode that takes
 * `synchronous = FULL` (the WAL is synced at every commit). NORMAL, the default before, syncs only at
 * checkpoints. SQLITE_SYNCHRONOUS=normal chooses the faster mode knowingly (docs/storage.md).
 */
const dir = mkdtempSync(join(tmpdir(), 'switchyard-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SQLITE_FULL = 2;
const SQLITE_NORMAL = 1;

describe('SQLite durability', () => {
  it('syncs every commit (WAL, synchronous=FULL) by default, from the settings to the connection', () => {
    expect(loadConfig({}).SQLITE_SYNCHRONOUS).toBe('full');
    const { raw } = openSqlite(join(dir, 'default.db'), loadConfig({}).SQLITE_SYNCHRONOUS);
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('synchronous', { simple: true })).toBe(SQLITE_FULL);
    } finally {
      raw.close();
    }
    const { raw: bare } = openSqlite(join(dir, 'bare.db'));
    try {
      expect(bare.pragma('synchronous', { simple: true })).toBe(SQLITE_FULL);
    } finally {
      bare.close();
    }
  });

  it('runs synchronous=NORMAL only when SQLITE_SYNCHRONOUS=normal says so, and refuses other values', () => {
    const { raw } = openSqlite(join(dir, 'normal.db'), loadConfig({ SQLITE_SYNCHRONOUS: 'normal' }).SQLITE_SYNCHRONOUS);
    try {
      expect(raw.pragma('synchronous', { simple: true })).toBe(SQLITE_NORMAL);
    } finally {
      raw.close();
    }
    expect(() => loadConfig({ SQLITE_SYNCHRONOUS: 'off' })).toThrow(/SQLITE_SYNCHRONOUS: must be full or normal/);
  });
});
