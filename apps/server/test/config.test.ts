import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';

describe('server configuration', () => {
  it('defaults to SQLite with named PostgreSQL statements', () => {
    expect(loadConfig({})).toMatchObject({ PORT: 4000, DATABASE_FILE: './data/switchyard.db', DATABASE_NAMED_STATEMENTS: 'on' });
  });

  it('takes DATABASE_NAMED_STATEMENTS=off, and refuses any other value naming the variable', () => {
    expect(loadConfig({ DATABASE_NAMED_STATEMENTS: 'off' }).DATABASE_NAMED_STATEMENTS).toBe('off');
    expect(() => loadConfig({ DATABASE_NAMED_STATEMENTS: 'no' })).toThrow(/DATABASE_NAMED_STATEMENTS: must be on or off/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
  });
});
