import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { applyFix, hintLines, memoLinter } from '../../src/ui/lint.js';
import type { LintFinding, Linter } from '../../src/ui/steps/types.js';
import { paste, press, ready, renderApp, sessionWith, waitForFrame, waitForText } from './helpers.js';

afterEach(() => cleanup());

/** A stand-in linter with the CLI contract's finding shape (the real rules live in src/analysis). */
const fake: Linter = (text, as) => {
  const out: LintFinding[] = [];
  const m = /\b(\w+) should have\b/i.exec(text);
  if (m) out.push({ rule: 'counterfactual', kind: 'blame', severity: 'warning', span: m[0], message: 'reads as blame', suggestion: 'the check did not' });
  if (as === 'action' && /\bimprove\b/i.test(text)) out.push({ rule: 'vague-action', kind: 'action', severity: 'warning', span: 'improve monitoring', message: 'vague verb', suggestion: 'Alert when pool use > 80% for 5 min' });
  if (as === 'action') out.push({ rule: 'no-owner', kind: 'action', severity: 'warning', span: text, message: 'no owner', suggestion: 'Who owns this?' });
  return out;
};

describe('lint helpers', () => {
  it('applies a span rewrite, skips questions, and caches results', () => {
    const f: LintFinding[] = [
      { rule: 'q', severity: 'info', span: 'x', message: 'm', suggestion: 'Who?' },
      { rule: 'counterfactual', severity: 'warning', span: 'Bob should have', message: 'm', suggestion: 'the check did not' },
    ];
    expect(applyFix('Bob should have checked the pool', f)?.text).toBe('the check did not checked the pool');
    expect(applyFix('text', [f[0]!])).toBeNull();
    let calls = 0;
    const memo = memoLinter((t) => {
      calls++;
      return fake(t, 'prose');
    });
    memo('Bob should have', 'prose');
    memo('Bob should have', 'prose');
    expect(calls).toBe(1);
    expect(hintLines(fake('Bob should have', 'prose'), 200)[0]).toBe('“Bob should have”: reads as blame → the check did not (Ctrl+F accepts)');
  });
});

describe('live findings in the steps', () => {
  it('Intake: a blameful summary shows the finding while typing; Ctrl+F accepts the rewrite', async () => {
    const app = renderApp({ session: sessionWith(), lint: fake });
    await ready(app);
    for (let i = 0; i < 3; i++) await press(app, 'nav.down');
    await press(app, 'item.edit');
    await paste(app, 'Bob should have checked the pool');
    let f = await waitForText(app, 'reads as blame');
    expect(f).toContain('Ctrl+F accept fix');
    await press(app, 'edit.acceptFix');
    await waitForText(app, 'the check did not checked the pool');
    await press(app, 'edit.submit');
    await waitForFrame(app, (x) => !x.includes('reads as blame'), 'finding gone');
    expect(app.saves.at(-1)?.incident.summary).toBe('the check did not checked the pool');
  });

  it('Factors: the selected factor shows its finding and Ctrl+F fixes it in place', async () => {
    const s = sessionWith([
      { type: 'factors/add', factor: { id: 'f1', text: 'Ops should have scaled the pool', type: 'contributing', category: null, whyNodes: [], evidence: [] } },
      { type: 'meeting/goto', step: 'factors', at: '2026-11-20T10:00:00.000Z' },
    ]);
    const app = renderApp({ session: s, lint: fake });
    await ready(app);
    await waitForText(app, '“Ops should have”');
    await press(app, 'lint.accept');
    await waitForText(app, 'the check did not scaled the pool');
    expect(app.saves.at(-1)?.factors[0]?.text).toBe('the check did not scaled the pool');
  });

  it('Actions: a vague title is flagged; the owner finding is dropped when the form names one', async () => {
    const s = sessionWith([{ type: 'meeting/goto', step: 'actions', at: '2026-11-20T10:00:00.000Z' }]);
    const app = renderApp({ session: s, lint: fake });
    await ready(app);
    await press(app, 'item.add');
    await paste(app, 'improve monitoring');
    let f = await waitForText(app, 'vague verb');
    expect(f).toContain('no owner');
    await press(app, 'edit.nextField');
    await press(app, 'edit.nextField');
    await paste(app, 'SRE');
    await press(app, 'edit.submit');
    f = await waitForFrame(app, (x) => x.includes('vague verb') && !x.includes('no owner'), 'owner finding dropped');
    await press(app, 'nav.up');
    await press(app, 'nav.up');
    await press(app, 'lint.accept');
    await waitForText(app, 'Alert when pool use > 80% for 5 min');
  });
});

describe('with the real rules (src/analysis/lint.ts)', () => {
  it('a blameful factor is flagged and Ctrl+F replaces it with a blameless rewrite', async () => {
    const { lintForConsole } = await import('../../src/analysis/lint.js');
    const s = sessionWith([
      { type: 'factors/add', factor: { id: 'f1', text: 'Bob should have checked the pool before deploying', type: 'contributing', category: null, whyNodes: [], evidence: [] } },
      { type: 'meeting/goto', step: 'factors', at: '2026-11-20T10:00:00.000Z' },
    ]);
    const app = renderApp({ session: s, lint: lintForConsole });
    await ready(app);
    await waitForText(app, '⚠ “Bob should have');
    expect(app.frame()).toContain('Ctrl+F accept fix');
    await press(app, 'lint.accept');
    await waitForFrame(app, (f) => !f.includes('Bob should have'), 'rewritten');
    const text = app.saves.at(-1)?.factors[0]?.text ?? '';
    expect(text).not.toMatch(/should have/i);
    expect(text.length).toBeGreaterThan(10);
  });
});
