// `debrief lint`: exit codes, the contract's JSON shape, --as, stdin, unreadable input, human output.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIO } from './io.js';

const dir = mkdtempSync(path.join(tmpdir(), 'debrief-lint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string | Buffer) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const run = async (argv: string[], stdin?: string) => {
  const m = memoryIO({ cwd: dir, ...(stdin !== undefined ? { stdin } : {}) });
  const code = await main(argv, m.io);
  return { code, out: m.out(), err: m.err() };
};

const BLAMEFUL = 'Summary\n\nThe on-call engineer should have noticed the warning.\n\n## Action items\n- Improve monitoring.\n';
const CLEAN = 'The health check failed to detect the stale replica.\n- Page SRE when replica lag stays above 30 s for 2 minutes. Owner: SRE. Due 2024-09-15.\n';

describe('debrief lint', () => {
  it('--json prints the contract shape and exits 1 on error findings', async () => {
    const r = await run(['lint', file('a.md', BLAMEFUL), '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as { findings: Record<string, unknown>[] };
    expect(json.findings.length).toBeGreaterThan(0);
    for (const f of json.findings) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['line', 'rule', 'kind', 'severity', 'span', 'message', 'suggestion']));
      expect(['blame', 'action']).toContain(f.kind);
      expect(['error', 'warning', 'info']).toContain(f.severity);
      expect(Number.isInteger(f.line)).toBe(true);
    }
    const cf = json.findings.find((f) => f.rule === 'counterfactual')!;
    expect(cf).toMatchObject({ line: 3, kind: 'blame', severity: 'error', span: 'The on-call engineer should have noticed the warning' });
    expect(json.findings.filter((f) => f.line === 6).map((f) => f.rule).sort()).toEqual(['no-date', 'no-owner', 'not-verifiable', 'vague-action']);
  });

  it('exits 0 when nothing is at error severity (warnings only or clean)', async () => {
    const clean = await run(['lint', file('b.md', CLEAN), '--json']);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.out)).toEqual({ findings: [] });
    const warnOnly = await run(['lint', file('c.md', '- Write the runbook. Owner: SRE.\n'), '--json']);
    expect(warnOnly.code).toBe(0);
    expect((JSON.parse(warnOnly.out) as { findings: unknown[] }).findings.length).toBe(2);
  });

  it('--as prose skips the action rules; --as actions applies them to every line', async () => {
    const p = file('d.md', 'Add a panel for queue age\nThe queue grew for 53 minutes\n');
    const prose = JSON.parse((await run(['lint', p, '--json', '--as', 'prose'])).out) as { findings: { line: number }[] };
    expect(prose.findings).toEqual([]);
    const actions = JSON.parse((await run(['lint', p, '--json', '--as', 'actions'])).out) as { findings: { line: number }[] };
    expect(new Set(actions.findings.map((f) => f.line))).toEqual(new Set([1, 2]));
    const bad = await run(['lint', p, '--as', 'poetry']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--as: "poetry" is not one of auto, prose, actions/);
  });

  it('reads standard input with -', async () => {
    const r = await run(['lint', '-', '--json'], 'Who approved shipping this on a promo day?\n');
    expect(r.code).toBe(1);
    expect((JSON.parse(r.out) as { findings: { rule: string; line: number }[] }).findings).toMatchObject([{ rule: 'leading-question', line: 1 }]);
  });

  it('unreadable input: exit 2 and one line naming the file', async () => {
    for (const argv of [['lint', 'missing.md'], ['lint', dir], ['lint', file('bin.dat', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 1]))], ['lint']]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    expect((await run(['lint', 'missing.md'])).err).toMatch(/missing\.md: no such file/);
  });

  it('human output: file:line  severity  rule  span — message, then the suggestion', async () => {
    const r = await run(['lint', file('e.md', BLAMEFUL)]);
    expect(r.code).toBe(1);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^.*e\.md:3 {2}error {2}counterfactual {2}"The on-call engineer should have noticed the warning" — /);
    expect(lines[1]).toBe('    try: Nothing at the time prompted the on-call engineer to notice the warning');
    expect(lines.at(-1)).toMatch(/^5 findings on 2 lines \(2 errors\)\.$/);
    // the four findings on the action item share one sharpened rewrite, printed once after the last
    expect(lines.filter((l) => l.startsWith('    try: Alert when'))).toHaveLength(1);
    expect(lines.filter((l) => / e\.md:6 {2}/.test(` ${l}`) || l.includes('e.md:6  '))).toHaveLength(4);
  });

  it('strips terminal escapes from quoted input', async () => {
    const r = await run(['lint', '-', '--json'], 'Bob \u001b[31mshould have\u001b[0m checked it.\n');
    expect(r.out).not.toContain('\u001b');
  });
});
