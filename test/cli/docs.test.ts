import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../apps/cli/src/index';

const doc = readFileSync(resolve(__dirname, '../../docs/cli.md'), 'utf8');

describe('docs/cli.md', () => {
  it('documents every command and every option, so code and docs stay in step', () => {
    for (const cmd of COMMANDS) {
      const name = `switchyard ${cmd.path.join(' ')}`;
      expect(doc, name).toContain(name);
      for (const option of Object.keys(cmd.options ?? {})) expect(doc, `${name} --${option}`).toContain(`--${option}`);
    }
  });

  it('documents the exit codes the CLI uses', () => {
    for (const code of [0, 1, 2, 3]) expect(doc).toMatch(new RegExp(`^\\| ${code} \\| `, 'm'));
  });
});
