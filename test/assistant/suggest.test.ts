// `debrief suggest` through the real store, offline and against the fake Messages API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import suggest from '../../src/cli/commands/suggest.js';
import { main } from '../../src/cli/main.js';
import { UserError, type CliIO, type ParsedArgs } from '../../src/cli/command.js';
import { consentAction } from '../../src/assistant/index.js';
import { openStore } from '../../src/store/index.js';
import { reduce } from '../../src/domain/reducer.js';
import { startFake, type FakeServer } from './fake-anthropic.js';
import { addWhy, checkoutSession } from './sessions.js';

let dir: string;
let fake: FakeServer;

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIO = {
    stdout: { write: (c: string) => out.push(c) },
    stderr: { write: (c: string) => err.push(c) },
    stdin: process.stdin,
    env: { XDG_CONFIG_HOME: join(dir, 'config'), ...env },
    cwd: dir,
  };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

function args(positionals: string[], values: ParsedArgs['values'] = {}): ParsedArgs {
  return { positionals, values, sessionsDir: join(dir, 'sessions'), debug: false };
}

const CLAUDE_ANSWER = JSON.stringify({
  proposals: [
    { question: 'What decided the 5%-for-3-minutes threshold?', mode: 'why', category: 'alerting', rationale: 'Detection took 8 minutes.', evidence: ['e-alert'] },
    { question: 'How did staging differ from production for this query?', mode: 'how', category: 'testing', rationale: 'Staging showed nothing.', evidence: [] },
  ],
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'debrief-suggest-'));
  fake = await startFake();
  fake.setDefault({ text: CLAUDE_ANSWER });
  const store = openStore(join(dir, 'sessions'), { cwd: dir, releaseOnExit: false });
  let s = checkoutSession();
  [s] = addWhy(s, 'root', 'Why did checkout fail?', 'The DB connection pool was exhausted', { id: 'n-pool', tags: ['capacity'] });
  await store.create(s);
  const consented = reduce({ ...s, id: 'consented' }, consentAction(true, '2026-11-28T10:00:00Z'));
  await store.create(consented);
});

afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('debrief suggest', () => {
  it('prints offline proposals as JSON: {provider, note, proposals}', async () => {
    const t = io();
    expect(await suggest.run(args(['checkout-pool-exhaustion'], { json: true, node: 'n-pool' }), t.io)).toBe(0);
    const json = JSON.parse(t.out()) as { provider: string; note: string | null; proposals: { rule: string; question: string }[] };
    expect(json.provider).toBe('offline');
    expect(json.note).toBeNull();
    expect(json.proposals.length).toBeGreaterThanOrEqual(2);
    expect(json.proposals.every((p) => typeof p.rule === 'string')).toBe(true);
  });

  it('prints a readable list with rules and evidence, and the tree warnings', async () => {
    const t = io();
    await suggest.run(args(['checkout-pool-exhaustion'], { node: 'n-pool' }), t.io);
    expect(t.out()).toMatch(/^Next questions for n-pool: "Why did checkout fail\?" \(offline rules\)/);
    expect(t.out()).toMatch(/ {2}1\. \[\w+, (why|how)\] /);
    expect(t.out()).toMatch(/rule [a-z-]+/);
    expect(t.out()).toMatch(/! This chain stops after 1 level/);
  });

  it('explains user errors in one line', async () => {
    await expect(suggest.run(args([]), io().io)).rejects.toThrow(UserError);
    await expect(suggest.run(args(['checkout-pool-exhaustion'], { node: 'zzz' }), io().io)).rejects.toThrow(/No why-tree node "zzz".*root, n-pool/);
    await expect(suggest.run(args(['checkout-pool-exhaustion'], { ai: 'gpt' }), io().io)).rejects.toThrow(/--ai must be offline or claude/);
    await expect(suggest.run(args(['nope']), io().io)).rejects.toThrow(UserError);
    await expect(suggest.run(args(['checkout-pool-exhaustion'], { ai: 'claude' }), io().io)).rejects.toThrow(/ANTHROPIC_API_KEY/);
  });

  it('needs consent for Claude: refused without it, used with --consent', async () => {
    const env = { ANTHROPIC_API_KEY: 'sk-ant-test-0000000000000000', ANTHROPIC_BASE_URL: fake.url };
    await expect(suggest.run(args(['checkout-pool-exhaustion'], { ai: 'claude', node: 'n-pool' }), io(env).io)).rejects.toThrow(/needs consent.*--consent/);
    expect(fake.requests).toHaveLength(0);
    const t = io(env);
    await suggest.run(args(['checkout-pool-exhaustion'], { ai: 'claude', consent: true, node: 'n-pool', json: true }), t.io);
    const json = JSON.parse(t.out()) as { provider: string; proposals: unknown[] };
    expect(json.provider).toBe('claude');
    expect(json.proposals).toHaveLength(2);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.raw).not.toContain('Alice');
  });

  it('uses consent recorded in the session; a key alone without consent stays offline with a note', async () => {
    const env = { ANTHROPIC_API_KEY: 'sk-ant-test-0000000000000000', ANTHROPIC_BASE_URL: fake.url };
    const t = io(env);
    await suggest.run(args(['consented'], { json: true }), t.io);
    expect((JSON.parse(t.out()) as { provider: string }).provider).toBe('claude');
    const u = io(env);
    await suggest.run(args(['checkout-pool-exhaustion'], { json: true }), u.io);
    const json = JSON.parse(u.out()) as { provider: string; note: string };
    expect(json.provider).toBe('offline');
    expect(json.note).toMatch(/consent/);
  });

  it('runs through the CLI entry: argument parsing, lazy loading, one-line errors and exit codes', async () => {
    const t = io();
    const code = await main(['suggest', 'checkout-pool-exhaustion', '--node', 'n-pool', '--json', '--sessions-dir', join(dir, 'sessions')], t.io);
    expect(code).toBe(0);
    expect((JSON.parse(t.out()) as { provider: string }).provider).toBe('offline');
    const u = io();
    const bad = await main(['suggest', 'checkout-pool-exhaustion', '--ai', 'gpt', '--sessions-dir', join(dir, 'sessions')], u.io);
    expect(bad).toBe(2);
    expect(u.err().trim().split('\n')).toHaveLength(1);
    expect(u.err()).toMatch(/--ai must be offline or claude/);
  });

  it('--preview prints exactly what would be sent, redacted', async () => {
    const t = io();
    await suggest.run(args(['checkout-pool-exhaustion'], { preview: true, node: 'n-pool' }), t.io);
    expect(t.out()).toContain('<incident_data source=');
    expect(t.out()).toContain('Task: propose the next questions');
    expect(t.out()).not.toMatch(/Alice|Dmitri|Okafor/);
  });
});
