import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import search from '../../src/cli/commands/search.js';
import { openStore, searchSessions, similarIncidents, type SessionStore } from '../../src/store/index.js';
import { runCommand } from '../store/helpers/cli.js';
import { generate } from '../store/helpers/generate.js';
import { makeSession, tempDir } from '../store/helpers/sessions.js';
import { memoryIO } from './io.js';

let dir: string;
let sessions: string;
let cleanup: () => void;
let store: SessionStore;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('debrief-cli-search-'));
  sessions = path.join(dir, 'sessions');
  store = openStore(sessions, { releaseOnExit: false, backupEveryMs: Number.MAX_SAFE_INTEGER });
  await generate(sessions, 120);
});
afterAll(() => cleanup());

const run = async (argv: string[]) => {
  const m = memoryIO({ cwd: dir });
  const code = await runCommand(search, argv, m.io);
  return { code, out: m.out(), err: m.err() };
};

describe('searchSessions', () => {
  it('finds the past incidents with a similar factor, best first, among 122 sessions', async () => {
    const res = await searchSessions(store, 'connection pool');
    expect(res.searched).toBe(122);
    expect(res.results.map((r) => r.id).slice(0, 2).sort()).toEqual(['2024-cart-pool', '2025-checkout-pool']);
    const hit = res.results.find((r) => r.id === '2025-checkout-pool');
    expect(hit?.matches).toContainEqual({ field: 'factors', value: 'Connection pool size was never load tested' });
    // only the still-open action items are carried
    expect(hit?.openActions.map((a) => a.title)).toEqual(['Alert on connection pool saturation above 80%']);
  });

  it('matches services, tolerates a typo, excludes ids, and finds nothing for nonsense', async () => {
    expect((await searchSessions(store, 'payments-db')).results[0]?.id).toBe('2025-checkout-pool');
    expect((await searchSessions(store, 'conection pol')).results.map((r) => r.id)).toContain('2025-checkout-pool');
    const ex = await searchSessions(store, 'connection pool', { exclude: ['2025-checkout-pool'] });
    expect(ex.results.map((r) => r.id)).not.toContain('2025-checkout-pool');
    expect((await searchSessions(store, 'qqqxxzz')).results).toEqual([]);
    expect((await searchSessions(store, 'dashboards', { limit: 3 })).results).toHaveLength(3);
  });

  it('similarIncidents: shared services and similar factors, never the session itself', async () => {
    const now = makeSession('2026-checkout-pool', {
      title: 'Checkout failures: connection pool exhausted again',
      services: ['checkout', 'payments-db'],
      factors: [{ text: 'Connection pool size not load tested after the migration', category: 'capacity' }],
    });
    await store.create(now);
    const sims = await similarIncidents(store, now);
    expect(sims[0]?.id).toBe('2025-checkout-pool');
    expect(sims[0]?.sharedServices).toEqual(['checkout', 'payments-db']);
    expect(sims[0]?.similarFactors[0]?.theirs).toBe('Connection pool size was never load tested');
    expect(sims[0]?.openActions).toHaveLength(1);
    expect(sims.map((s) => s.id)).toContain('2024-cart-pool');
    expect(sims.map((s) => s.id)).not.toContain('2026-checkout-pool');
    expect(sims.every((s) => !s.id.startsWith('filler-'))).toBe(true);
    await store.remove('2026-checkout-pool');
  });
});

describe('debrief search', () => {
  it('prints matches and the still-open action items', async () => {
    const r = await run(['connection', 'pool']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^2025-checkout-pool {2}SEV1 {2}Checkout 500s from payments-db connection pool exhaustion {2}\(last change 2025-10-16 10:00\)$/m);
    expect(r.out).toContain('  matched factors: Connection pool size was never load tested');
    expect(r.out).toContain('  still open (1):\n    - Alert on connection pool saturation above 80% (payments on-call, due 2025-12-01)');
    expect(r.out).toMatch(/\d+ of 122 sessions matched "connection pool"\.\n$/);
  });

  it('--json returns the query, the count searched and the hits', async () => {
    const r = await run(['checkout', '--json', '--limit', '1']);
    const data = JSON.parse(r.out);
    expect(data.query).toBe('checkout');
    expect(data.searched).toBe(122);
    expect(data.results).toHaveLength(1);
    expect(data.results[0]).toMatchObject({ id: '2025-checkout-pool', severity: 'SEV1', services: ['checkout', 'payments-db'] });
    expect(data.results[0].path).toBe(path.join(sessions, '2025-checkout-pool.json'));
  });

  it('no words, a bad limit, or no match: clear lines', async () => {
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^debrief: debrief search needs words to look for/);
    const lim = await run(['x', '--limit', 'lots']);
    expect(lim.code).toBe(2);
    expect(lim.err).toContain('--limit must be a whole number');
    const miss = await run(['qqqxxzz']);
    expect(miss.code).toBe(0);
    expect(miss.out).toBe('No past incident matches "qqqxxzz" (122 sessions searched).\n');
  });
});
