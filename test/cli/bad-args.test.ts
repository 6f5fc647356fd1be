// One clear line, exit 2, for a sessions folder that is a file and for an --id that is not an id
// (it is refused, never quietly changed into another one).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIO } from './io.js';

const dir = mkdtempSync(join(tmpdir(), 'debrief-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bad arguments', () => {
  it('a sessions folder that is a file is an error for the commands that use it', async () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    for (const args of [['list'], ['list', '--json'], ['search', 'db'], ['export', 'x'], ['doctor']]) {
      const m = memoryIO({ cwd: dir });
      expect(await main([...args, '--sessions-dir', file], m.io), args.join(' ')).toBe(2);
      const lines = m.err().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('is a file, not a folder');
      expect(m.out()).toBe('');
    }
  });

  it('--id must already be an id: "../evil" is refused, with the id it could be', async () => {
    const sessions = join(dir, 'sessions');
    for (const [id, hint] of [
      ['../evil', '--id evil'],
      ['Checkout Outage', '--id checkout-outage'],
    ] as const) {
      const m = memoryIO({ cwd: dir, tty: false });
      expect(await main(['new', '--id', id, '--no-open', '--sessions-dir', sessions], m.io)).toBe(2);
      expect(m.err()).toContain('is not a session id');
      expect(m.err()).toContain(hint);
    }
    expect(readdirSync(dir)).not.toContain('evil.json');
    const ok = memoryIO({ cwd: dir, tty: false });
    expect(await main(['new', '--id', 'checkout-outage', '--no-open', '--sessions-dir', sessions], ok.io)).toBe(0);
    expect(readdirSync(sessions)).toContain('checkout-outage.json');
  });
});

describe('new into a folder that cannot hold it', () => {
  it('says what to do and that nothing was written (not that saving will resume)', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const m = memoryIO({ cwd: dir, tty: false });
    expect(await main(['new', '--title', 'x', '--no-open', '--sessions-dir', join(file, 'sub')], m.io)).toBe(2);
    const lines = m.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('Could not create');
    expect(lines[0]).toContain('nothing was written');
    expect(lines[0]).toContain('--sessions-dir');
    expect(lines[0]).not.toContain('retried');
  });
});
