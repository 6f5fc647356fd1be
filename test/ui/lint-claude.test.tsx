// The live language checks with Claude (the real SDK against the fake Messages API): a flagged text is
// sent once the typing pauses, only with consent; Claude's rewrite shows first under the field and
// Ctrl+F accepts it; a rewrite that still reads as blame is refused and the rules' rewrite stays; a
// sharpened action item fills the done-when, owner role and date the room left empty.
import { afterEach, describe, expect, it } from 'vitest';
import { consentAction } from '../../src/assistant/index.js';
import { lintForConsole } from '../../src/analysis/lint.js';
import type { Dispatchable } from '../../src/domain/actions.js';
import type { Session } from '../../src/domain/schema.js';
import { createModelLint, modelTriggers } from '../../src/ui/modelLint.js';
import { applyFix, hintLines } from '../../src/ui/lint.js';
import type { LintFinding } from '../../src/ui/steps/types.js';
import { useFakeClaude } from './fake-claude.js';
import { paste, press, ready, renderApp, sessionWith, type, waitForFrame, waitForText, type Harness } from './helpers.js';

const claude = useFakeClaude();
const assistantFor = claude.assistantFor;
let app: Harness | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const AT = '2026-11-20T10:00:00.000Z';
const lint = (text: string, as: 'prose' | 'action') => lintForConsole(text, as) as LintFinding[];

const BLAMEFUL = 'The engineer should have validated the config before deploying.';
const REWRITE = 'The deploy pipeline had no step that validated the config before it reached production.';

function at(step: Session['meeting']['step'], consent: boolean, more: Dispatchable[] = []): Session {
  return sessionWith([{ type: 'incident/update', patch: { title: 'Checkout errors after deploy', services: ['checkout'] }, at: AT }, { type: 'meeting/goto', step, at: AT }, ...(consent ? [consentAction(true, AT)] : []), ...more]);
}

describe('live rewrites from Claude', () => {
  it('Factors: a blameful factor goes to Claude after the pause; Ctrl+F takes Claude’s rewrite', async () => {
    claude.fake.setDefault({ text: JSON.stringify({ rewrite: REWRITE, reasons: ['the system, not the person'] }), chunk: 30 });
    app = renderApp({ session: at('factors', true), assistantFor, lint, modelLintDelayMs: 150, size: { columns: 130, rows: 34 } });
    await ready(app);
    await press(app, 'item.add');
    await paste(app, BLAMEFUL);
    // the offline rules flag it at once; Claude's rewrite arrives after the pause
    await waitForText(app, 'should have');
    const f = await waitForText(app, "Claude's blameless rewrite");
    expect(f).toContain('The deploy pipeline had no step');
    expect(claude.fake.requests).toHaveLength(1);
    // the sentence went to Claude (redacted: no key, no secrets in this one)
    expect(JSON.stringify(claude.fake.requests[0]!.body)).toContain('validated the config');
    await press(app, 'edit.acceptFix');
    await press(app, 'edit.submit');
    await waitForFrame(app, () => app!.saves.at(-1)?.factors.length === 1, 'the factor saved');
    expect(app.saves.at(-1)!.factors[0]!.text).toBe(REWRITE);
  });

  it('nothing goes to Claude without consent: the rules’ rewrite is what Ctrl+F takes', async () => {
    claude.fake.setDefault({ text: JSON.stringify({ rewrite: REWRITE, reasons: [] }) });
    app = renderApp({ session: at('factors', false), assistantFor, lint, modelLintDelayMs: 20, size: { columns: 130, rows: 34 } });
    await ready(app);
    await press(app, 'item.add');
    await paste(app, BLAMEFUL);
    await waitForText(app, 'should have');
    // well past the pause: still no request
    await new Promise((r) => setTimeout(r, 150));
    await paste(app, ' ');
    await new Promise((r) => setTimeout(r, 150));
    expect(claude.fake.requests).toHaveLength(0);
    expect(app.frame()).not.toContain("Claude's");
    await press(app, 'edit.acceptFix');
    await press(app, 'edit.submit');
    await waitForFrame(app, () => app!.saves.at(-1)?.factors.length === 1, 'the factor saved');
    const text = app.saves.at(-1)!.factors[0]!.text;
    expect(text).not.toBe(REWRITE);
    expect(text).not.toMatch(/should have/i);
  });

  it('a rewrite that still reads as blame is refused: the status says why, the rules’ rewrite stays', async () => {
    claude.fake.setDefault({ text: JSON.stringify({ rewrite: 'The careless engineer failed to validate the config.', reasons: [] }) });
    app = renderApp({ session: at('factors', true), assistantFor, lint, modelLintDelayMs: 50, size: { columns: 150, rows: 34 } });
    await ready(app);
    await press(app, 'item.add');
    await paste(app, BLAMEFUL);
    const f = await waitForText(app, 'still reads as blame');
    expect(f).toContain('offline rewrite shown');
    expect(f).not.toContain("Claude's blameless rewrite");
    expect(claude.fake.requests).toHaveLength(1);
  });

  it('typing sends one request, for the text as it stands when the typing pauses', async () => {
    claude.fake.setDefault({ text: JSON.stringify({ rewrite: REWRITE, reasons: [] }) });
    app = renderApp({ session: at('factors', true), assistantFor, lint, modelLintDelayMs: 250, size: { columns: 130, rows: 34 } });
    await ready(app);
    await press(app, 'item.add');
    await type(app, 'Bob should have checked it');
    await waitForText(app, "Claude's blameless rewrite");
    expect(claude.fake.requests).toHaveLength(1);
    const user = JSON.stringify((claude.fake.requests[0]!.body as { messages: unknown[] }).messages);
    // the whole sentence as typed, with the name replaced before it left the machine
    expect(user).toContain(JSON.stringify('"sentence": "person A should have checked it"').slice(1, -1));
    expect(user).not.toContain('Bob');
  });

  it('Actions: a vague title gets Claude’s sharper item; Ctrl+F fills the empty fields too', async () => {
    const sharp = { title: 'Alert when checkout DB pool use stays above 80% for 5 minutes', doneWhen: 'The alert fires in a staging load test', ownerRole: 'SRE', reasons: ['bounded'], due: '2026-11-27' };
    claude.fake.setDefault({ text: JSON.stringify(sharp) });
    const factor = { id: 'f1', text: 'No alert on pool saturation', type: 'systemic' as const, category: null, whyNodes: [], evidence: [] };
    app = renderApp({ session: at('actions', true, [{ type: 'factors/add', factor }]), assistantFor, lint, modelLintDelayMs: 50, size: { columns: 150, rows: 40 } });
    await ready(app);
    await press(app, 'item.add');
    await paste(app, 'Improve monitoring');
    const f = await waitForText(app, "Claude's sharper item");
    expect(f).toContain('Alert when checkout DB pool use');
    await press(app, 'edit.acceptFix');
    const g = await waitForText(app, 'filled done when, owner role, due date');
    expect(g).toContain('The alert fires in a staging load test');
    expect(g).toContain('2026-11-27');
  });
});

describe('createModelLint', () => {
  const finding = (over: Partial<LintFinding>): LintFinding => ({ rule: 'counterfactual', kind: 'blame', severity: 'warning', span: 'should have', message: 'm', suggestion: 'x', ...over });

  it('a whole-text rewrite replaces the whole text and is shown in full over up to three lines', () => {
    const f = finding({ rule: 'claude-rewrite', whole: true, message: "Claude's blameless rewrite", suggestion: REWRITE });
    expect(applyFix(BLAMEFUL, [f])?.text).toBe(REWRITE);
    const lines = hintLines([f], 40);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.length).toBeLessThanOrEqual(3);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
    expect(lines.join(' ')).toContain('The deploy pipeline had no step');
    expect(hintLines([f], 400)).toEqual([`Claude's blameless rewrite: ${REWRITE} (Ctrl+F accepts)`]);
  });

  it('sends only blame (not advice) and vague titles (not missing owners or dates)', () => {
    expect(modelTriggers('prose', [finding({ severity: 'info' })])).toHaveLength(0);
    expect(modelTriggers('prose', [finding({})])).toHaveLength(1);
    expect(modelTriggers('action', [finding({ rule: 'no-owner', kind: 'action' }), finding({ rule: 'no-date', kind: 'action' })])).toHaveLength(0);
    expect(modelTriggers('action', [finding({ rule: 'vague-action', kind: 'action' })])).toHaveLength(1);
  });

  it('asks nobody without a Claude assistant; a key press forgets the waiting text; an answer is cached', async () => {
    const events: string[] = [];
    let claude = false;
    const texts: string[] = [];
    const assistant = {
      id: 'claude' as const,
      proposeQuestions: async () => ({ provider: 'claude' as const, proposals: [] }),
      rewriteBlameless: async (text: string) => {
        texts.push(text);
        return { provider: 'claude' as const, rewrite: { original: text, rewrite: REWRITE, reasons: [] } };
      },
    };
    const ml = createModelLint({ assistant: () => (claude ? assistant : null), context: () => ({ session: at('factors', true) }), onChange: (m) => events.push(m), delayMs: 5 });
    const base = [finding({})];
    expect(ml.lint(BLAMEFUL, 'prose', base)).toEqual(base);
    await new Promise((r) => setTimeout(r, 30));
    expect(events).toEqual([]);
    claude = true;
    ml.lint('first draft should have', 'prose', base);
    ml.touch();
    await new Promise((r) => setTimeout(r, 30));
    expect(texts).toEqual([]);
    ml.lint(BLAMEFUL, 'prose', base);
    await new Promise((r) => setTimeout(r, 30));
    expect(texts).toEqual([BLAMEFUL]);
    expect(ml.state(BLAMEFUL, 'prose')).toBe('done');
    const out = ml.lint(BLAMEFUL, 'prose', base);
    expect(out[0]).toMatchObject({ rule: 'claude-rewrite', suggestion: REWRITE, whole: true, span: 'should have' });
    expect(out.slice(1)).toEqual(base);
    expect(events.at(-1)).toContain('Ctrl+F accepts');
    ml.dispose();
  });
});
