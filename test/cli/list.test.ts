import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import list from '../../src/cli/commands/list.js';
import { openStore } from '../../src/store/index.js';
import { T0, makeSession, tempDir } from '../store/helpers/sessions.js';
import { runCommand } from '../store/helpers/cli.js';
import { memoryIO } from './io.js';

const main = (argv: string[], io: Parameters<typeof runCommand>[2]): Promise<number> => runCommand(list, argv.slice(1), io);

let dir: string;
let cleanup: () => void;
beforeEach(async () => {
  ({ dir, cleanup } = tempDir('debrief-cli-list-'));
  const store = openStore(path.join(dir, 'sessions'), { releaseOnExit: false });
  await store.create(makeSession('db-failover', { title: 'Primary DB failover stalled writes', severity: 'SEV1', step: 'whys', at: T0 }));
  await store.create(makeSession('checkout-pool', { title: 'Checkout \u001b]0;pwned\u0007pool exhaustion', severity: 'SEV2', step: 'review', at: T0 + 86_400_000 }));
});
afterEach(() => cleanup());

it('prints a table sorted by last change, newest first, with titles sanitised', async () => {
  const m = memoryIO({ cwd: dir });
  expect(await main(['list'], m.io)).toBe(0);
  const lines = m.out().split('\n');
  expect(lines[0]).toMatch(/^ID\s+SEV\s+STEP\s+TITLE\s+LAST CHANGE \(UTC\)$/);
  expect(lines[1]).toMatch(/^checkout-pool\s+SEV2\s+Review\s+Checkout pool exhaustion\s+2026-11-21 10:00$/);
  expect(lines[2]).toMatch(/^db-failover\s+SEV1\s+5 Whys\s+Primary DB failover stalled writes\s+2026-11-20 10:00$/);
  expect(m.out()).toContain('2 sessions in sessions.');
  expect(m.out()).not.toContain('\u001b');
});

it('--json gives the documented shape, with broken files listed with an error', async () => {
  writeFileSync(path.join(dir, 'sessions', 'broken.json'), '{"schemaVersion":1');
  const m = memoryIO({ cwd: dir, env: { DEBRIEF_SESSIONS_DIR: path.join(dir, 'sessions') } });
  expect(await main(['list', '--json'], m.io)).toBe(0);
  const data = JSON.parse(m.out());
  expect(Object.keys(data)).toEqual(['sessions']);
  const byId = Object.fromEntries(data.sessions.map((s: { id: string }) => [s.id, s]));
  expect(byId['db-failover']).toEqual({
    id: 'db-failover',
    title: 'Primary DB failover stalled writes',
    severity: 'SEV1',
    step: 'whys',
    updatedAt: '2026-11-20T10:00:00.000Z',
    path: path.join(dir, 'sessions', 'db-failover.json'),
  });
  expect(byId.broken.error).toMatch(/broken\.json: not valid JSON/);
  expect(data.sessions.map((s: { id: string }) => s.id).slice(1)).toEqual(['checkout-pool', 'db-failover']);
});

it('a table row for a broken file points at doctor; --sessions-dir is honoured', async () => {
  writeFileSync(path.join(dir, 'sessions', 'broken.json'), '[]');
  const m = memoryIO({ cwd: '/' });
  expect(await main(['list', '--sessions-dir', path.join(dir, 'sessions')], m.io)).toBe(0);
  expect(m.out()).toMatch(/broken\s+.*cannot load: see `debrief doctor broken`/);
  expect(m.out()).toMatch(/! .*broken\.json: it is not a JSON object/);
});

it('an empty folder says how to start', async () => {
  const m = memoryIO({ cwd: dir });
  expect(await main(['list', '--sessions-dir', 'nothing-here'], m.io)).toBe(0);
  expect(m.out()).toBe('No sessions in nothing-here. Start one with `debrief demo` or `debrief new`.\n');
});
