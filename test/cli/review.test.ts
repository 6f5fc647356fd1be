// `debrief review`: the contract's JSON shape, scores on drafts, human output, unreadable input.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIO } from './io.js';

const dir = mkdtempSync(path.join(tmpdir(), 'debrief-review-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
for (const f of ['good-checkout-pool.md', 'weak-checkout.md']) copyFileSync(fileURLToPath(new URL(`../fixtures/drafts/${f}`, import.meta.url)), path.join(dir, f));
const run = async (argv: string[]) => {
  const m = memoryIO({ cwd: dir });
  const code = await main(argv, m.io);
  return { code, out: m.out(), err: m.err() };
};

interface ReviewJson {
  score: number;
  rubric: { criterion: string; score: number; max: number; notes: string }[];
  findings: { line: number; rule: string; kind: string; severity: string; span: string; message: string; suggestion: string | null }[];
  improvements: string[];
}

describe('debrief review', () => {
  it('--json: score 0..10, all eight criteria, findings in the lint shape, three improvements', async () => {
    const r = await run(['review', 'weak-checkout.md', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as ReviewJson;
    expect(j.score).toBeGreaterThanOrEqual(0);
    expect(j.score).toBeLessThanOrEqual(4);
    expect(j.rubric.map((c) => c.criterion)).toEqual(['timeline', 'root-cause-depth', 'contributing-factors', 'blameless', 'action-items', 'impact', 'detection', 'lessons']);
    expect(j.improvements).toHaveLength(3);
    expect(j.findings.length).toBeGreaterThan(5);
    for (const f of j.findings) expect(Object.keys(f)).toEqual(expect.arrayContaining(['line', 'rule', 'kind', 'severity', 'span', 'message', 'suggestion']));
  });

  it('a good draft scores at least 8', async () => {
    const j = JSON.parse((await run(['review', 'good-checkout-pool.md', '--json'])).out) as ReviewJson;
    expect(j.score).toBeGreaterThanOrEqual(8);
  });

  it('human output: score, the rubric table, improvements, findings', async () => {
    const r = await run(['review', 'weak-checkout.md']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^weak-checkout\.md: \d+\.\d \/ 10\n/);
    expect(r.out).toMatch(/\n {2}blameless\s+0\.00 \/ 1\.50 /);
    expect(r.out).toMatch(/Most important improvements:\n {2}1\. /);
    expect(r.out).toMatch(/weak-checkout\.md:10 {2}error {2}human-error/);
  });

  it('unreadable draft: exit 2, one line', async () => {
    const r = await run(['review', 'nope.md']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/nope\.md: no such file/);
  });
});
