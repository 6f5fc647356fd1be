// `debrief lint --ai claude` and `debrief comms --ai claude` through the CLI entry, against the fake
// Messages API: consent and key rules (one line, exit 2), --preview, which provider answered, JSON shapes
// with fields added only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lintBlame } from '../../src/analysis/blame.js';
import { consentAction } from '../../src/assistant/index.js';
import { namesInText } from '../../src/assistant/lintAi.js';
import type { CliIO } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { reduce } from '../../src/domain/reducer.js';
import { openStore } from '../../src/store/index.js';
import { startFake, type FakeServer } from './fake-anthropic.js';
import { checkoutSession } from '../report/helpers/sessions.js';

let dir: string;
let fake: FakeServer;
let env: NodeJS.ProcessEnv;

function io(extra: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIO = {
    stdout: { write: (c: string) => out.push(c) },
    stderr: { write: (c: string) => err.push(c) },
    stdin: process.stdin,
    env: { XDG_CONFIG_HOME: join(dir, 'config'), ...extra },
    cwd: dir,
  };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

const DRAFT = [
  '# Post-mortem notes',
  '',
  'Bob Martin should have checked the query plan before the deploy at 13:58.',
  'The pool saturated at 14:08 and alerts fired at 14:10.',
  '- Priya was careless with the rollback and mailed priya.nair@acme-pay.example from 10.20.30.40!',
  '',
].join('\n');

const REWRITE = { rewrite: 'The deploy went out without a query-plan check, because the pipeline did not require one.', reasons: ['system as the subject'] };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'debrief-cli-ai-'));
  fake = await startFake();
  env = { ANTHROPIC_API_KEY: 'sk-ant-test-0000000000000000', ANTHROPIC_BASE_URL: fake.url };
  writeFileSync(join(dir, 'draft.md'), DRAFT);
  const store = openStore(join(dir, 'sessions'), { cwd: dir, releaseOnExit: false });
  const s = checkoutSession();
  await store.create(s);
  await store.create(reduce({ ...s, id: 'consented' }, consentAction(true, '2026-11-28T10:00:00Z')));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.reset();
  fake.setDefault({ text: JSON.stringify(REWRITE) });
});

const run = (argv: string[], extra: NodeJS.ProcessEnv = {}) => {
  const t = io(extra);
  return main([...argv, '--sessions-dir', join(dir, 'sessions')], t.io).then((code) => ({ code, out: t.out(), err: t.err() }));
};

describe('debrief lint --ai claude', () => {
  it('without --consent: refused in one line, exit 2, nothing sent', async () => {
    const r = await run(['lint', 'draft.md', '--ai', 'claude'], env);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/--ai claude needs consent .*--consent.*--preview/);
    expect(r.out).toBe('');
    expect(fake.requests).toHaveLength(0);
  });

  it('without a key: one line, exit 2', async () => {
    const r = await run(['lint', 'draft.md', '--ai', 'claude', '--consent']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/needs ANTHROPIC_API_KEY/);
    const bad = await run(['lint', 'draft.md', '--ai', 'gpt']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--ai must be offline or claude/);
  });

  it("with --consent: Claude's checked rewrite is the suggestion on blame findings; JSON adds fields only", async () => {
    const r = await run(['lint', 'draft.md', '--ai', 'claude', '--consent', '--json'], env);
    expect(r.code).toBe(1); // the draft still has errors: the exit code is the rules', not Claude's
    const json = JSON.parse(r.out) as { findings: { line: number; kind: string; rule: string; suggestion: string | null; suggestedBy?: string }[]; ai: { provider: string; rewritten: number; notes: string[] } };
    expect(json.ai).toEqual({ provider: 'claude', rewritten: 2, notes: [] });
    const blame = json.findings.filter((f) => f.kind === 'blame' && f.suggestion && !f.suggestion.endsWith('?'));
    expect(blame.length).toBeGreaterThanOrEqual(2);
    for (const f of blame) {
      expect(f.suggestion).toBe(REWRITE.rewrite);
      expect(f.suggestedBy).toBe('claude');
    }
    // every finding keeps the contract's fields
    for (const f of json.findings) expect(Object.keys(f)).toEqual(expect.arrayContaining(['line', 'rule', 'kind', 'severity', 'span', 'message', 'suggestion']));
    // one request per flagged line (3 and 5), none for the clean line; nothing personal in them
    expect(fake.requests).toHaveLength(2);
    for (const req of fake.requests) {
      for (const planted of ['Bob', 'Martin', 'Priya', 'priya.nair@acme-pay.example', '10.20.30.40']) expect(req.raw).not.toContain(planted);
    }
  });

  it('a rewrite that still reads as blame keeps the rules\' suggestion, with a note per line', async () => {
    fake.setDefault({ text: JSON.stringify({ rewrite: 'The responder should have checked the plan.', reasons: [] }) });
    const r = await run(['lint', 'draft.md', '--ai', 'claude', '--consent'], env);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^rewrites: offline rules only$/m);
    expect(r.out).toMatch(/^note: line 3: Claude's rewrite still reads as blame \(counterfactual/m);
    expect(r.out).toMatch(/^note: line 5: /m);
    expect(r.out).not.toContain('try (Claude)');
    expect(r.out).toMatch(/^ {4}try: /m);
  });

  it('human output marks Claude\'s rewrites', async () => {
    const r = await run(['lint', 'draft.md', '--ai', 'claude', '--consent'], env);
    expect(r.out).toContain(`try (Claude): ${REWRITE.rewrite}`);
    expect(r.out).toMatch(/^rewrites: Claude for 2 lines$/m);
  });

  it('--preview prints exactly what would be sent, redacted, needs neither key nor consent, and sends nothing', async () => {
    const r = await run(['lint', 'draft.md', '--ai', 'claude', '--preview']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^--- system ---\n/);
    expect(r.out).toContain('--- user (line 3) ---');
    expect(r.out).toContain('--- user (line 5) ---');
    expect(r.out).not.toContain('(line 4)');
    expect(r.out).toContain('Task: rewrite the sentence');
    for (const planted of ['Bob', 'Priya', 'priya.nair@acme-pay.example', '10.20.30.40']) expect(r.out).not.toContain(planted);
    expect(r.out).toMatch(/responder A should have checked the query plan/);
    expect(fake.requests).toHaveLength(0);
  });

  it('action items: Claude sharpens a vague line, checked as an item and as a line; a vague answer falls back', async () => {
    writeFileSync(
      join(dir, 'actions.md'),
      '## Action items\n\n- Improve monitoring\n- Alert when pool utilisation stays above 80% for 5 minutes. Owner: SRE. Due 2026-12-12. Done when the alert fires in a staging drill.\n',
    );
    const sharp = { title: 'Page when DB pool utilisation stays above 80% for 5 minutes', doneWhen: 'the alert fires in a staging load test', ownerRole: 'SRE', reasons: ['specific'], due: '2030-01-15' };
    fake.setDefault({ text: JSON.stringify(sharp) });
    const r = await run(['lint', 'actions.md', '--ai', 'claude', '--consent', '--json'], env);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as { findings: { line: number; rule: string; suggestion: string | null; suggestedBy?: string }[]; ai: { rewritten: number } };
    const line3 = json.findings.filter((f) => f.line === 3);
    expect(line3.map((f) => f.rule)).toEqual(expect.arrayContaining(['vague-action', 'no-owner']));
    for (const f of line3) {
      expect(f.suggestion).toBe('Page when DB pool utilisation stays above 80% for 5 minutes. Owner: SRE. Due 2030-01-15. Done when the alert fires in a staging load test.');
      expect(f.suggestedBy).toBe('claude');
    }
    expect(json.findings.some((f) => f.line === 4)).toBe(false);
    expect(json.ai.rewritten).toBe(1);
    expect(fake.requests).toHaveLength(1);
    expect((fake.requests[0]!.body.messages as { content: string }[])[0]!.content).toContain('"title": "Improve monitoring"');

    fake.setDefault({ text: JSON.stringify({ ...sharp, title: 'Improve monitoring a lot' }) });
    const v = await run(['lint', 'actions.md', '--ai', 'claude', '--consent'], env);
    expect(v.out).toMatch(/^note: line 3: Claude's item still fails the vague-action rule; offline suggestion shown$/m);
    expect(v.out).not.toContain('try (Claude)');
  });

  it('a refused key stops sending after the calls in flight; every line keeps the rules\' suggestion', async () => {
    const lines = Array.from({ length: 8 }, (_, i) => `The on-call engineer should have checked dashboard ${i + 1} sooner.`);
    writeFileSync(join(dir, 'many.md'), `${lines.join('\n')}\n`);
    fake.setDefault({ status: 401, error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    const r = await run(['lint', 'many.md', '--ai', 'claude', '--consent', '--json'], env);
    const json = JSON.parse(r.out) as { findings: { suggestedBy?: string }[]; ai: { provider: string; notes: string[] } };
    expect(json.ai.provider).toBe('offline');
    expect(fake.requests.length).toBeLessThanOrEqual(4);
    expect(json.ai.notes.at(-1)).toMatch(/^\d more lines were not sent after that failure/);
    expect(json.ai.notes[0]).toMatch(/rejected the API key \(401\)/);
    expect(json.findings.filter((f) => f.suggestedBy === 'claude')).toEqual([]);
  });

  it('offline lint output is unchanged by the new flags', async () => {
    const a = await run(['lint', 'draft.md', '--json']);
    const b = await run(['lint', 'draft.md', '--json', '--ai', 'offline']);
    expect(b.out).toBe(a.out);
    expect(Object.keys(JSON.parse(a.out) as object)).toEqual(['findings']);
  });
});

describe('namesInText', () => {
  it('finds names mid-sentence and before a failure verb, not products', () => {
    expect(namesInText('Bob broke checkout. Checkout failed because Alice Chen forgot the flag. Postgres ran out.').sort()).toEqual(['Alice Chen', 'Bob']);
    expect(namesInText('Deploys are risky on Friday. Monitoring was missing.')).toEqual([]);
    expect(namesInText('Lena moved the secrets. Sean would have acknowledged it.').sort()).toEqual(['Lena', 'Sean']);
    expect(namesInText("Root cause: Bob's deploy took down checkout. The CronJob kept failing.")).toEqual(['Bob']);
    expect(namesInText('Bob to double-check query plans. Revisit the alert thresholds. Owner: Niamh.').sort()).toEqual(['Bob', 'Niamh']);
    expect(lintBlame('Bob broke checkout.').length).toBeGreaterThan(0);
  });
});

describe('debrief comms --ai claude', () => {
  const GOOD = JSON.stringify({
    drafts: [{ key: 'status:resolved', title: 'Resolved', body: 'The checkout service is working normally again. Between 14:02 UTC and 14:41 UTC, 9.60% of requests to the checkout service failed. We are sorry.' }],
  });

  it('without consent in the session or --consent: one line, exit 2, nothing sent', async () => {
    const r = await run(['comms', 'checkout-pool-exhaustion', '--kind', 'status', '--phase', 'resolved', '--ai', 'claude'], env);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/needs consent to send the redacted fact sheet.*--consent/);
    expect(fake.requests).toHaveLength(0);
  });

  it('with --consent: Claude drafts, and the output says which provider wrote each draft', async () => {
    fake.setDefault({ text: GOOD });
    const r = await run(['comms', 'checkout-pool-exhaustion', '--kind', 'status', '--phase', 'resolved', '--ai', 'claude', '--consent', '--json'], env);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { drafts: { key: string; provider: string; body: string }[]; provider: string; notes: string[] };
    expect(json.provider).toBe('claude');
    expect(json.drafts.map((d) => [d.key, d.provider])).toEqual([['status:resolved', 'claude']]);
    expect(json.drafts[0]!.body).toMatch(/^The checkout service is working normally again/);
    const text = await run(['comms', 'checkout-pool-exhaustion', '--kind', 'status', '--ai', 'claude', '--consent'], env);
    expect(text.out).toMatch(/^Drafted by Claude: status:resolved\. Offline: status:investigating, status:identified, status:monitoring\.$/m);
    expect(text.out).toMatch(/^note: Claude did not draft status:investigating; offline draft shown$/m);
  });

  it('uses consent recorded in the session; a draft naming a host falls back with a note', async () => {
    fake.setDefault({ text: JSON.stringify({ drafts: [{ key: 'exec', title: 'Executive summary', body: 'db-primary-01.internal.acme.net was saturated.' }] }) });
    const r = await run(['comms', 'consented', '--kind', 'exec', '--ai', 'claude'], env);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Drafted by Claude: none\. Offline: exec\.$/m);
    expect(r.out).toMatch(/^note: Claude's exec draft names something internal/m);
    expect(r.out).not.toContain('was saturated');
    expect(fake.requests).toHaveLength(1);
  });

  it('--preview prints the request: the fact sheet only, and sends nothing', async () => {
    const r = await run(['comms', 'checkout-pool-exhaustion', '--kind', 'exec', '--preview']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--- user (exec) ---');
    expect(r.out).toContain('Revenue at risk: EUR 84,576');
    expect(r.out).not.toContain('Alice');
    expect(r.out).not.toContain('"timeline"');
    expect(fake.requests).toHaveLength(0);
  });

  it('offline comms output is unchanged', async () => {
    const a = await run(['comms', 'checkout-pool-exhaustion', '--json']);
    expect(Object.keys(JSON.parse(a.out) as object)).toEqual(['drafts']);
    expect((JSON.parse(a.out) as { drafts: object[] }).drafts.every((d) => !('provider' in d))).toBe(true);
  });
});
