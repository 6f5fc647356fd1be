// The assistant in the console: Claude is asked only after consent, shown as the exact request preview.
import { afterEach, describe, expect, it } from 'vitest';
import { createOfflineAssistant, hasConsent } from '../../src/assistant/index.js';
import { buildRequestPreview } from '../../src/assistant/request.js';
import type { Assistant } from '../../src/assistant/types.js';
import type { Session } from '../../src/domain/schema.js';
import { wrapPreview, type AssistantSelection } from '../../src/ui/App.js';
import { paste, ready, renderApp, waitForFrame, waitForText, type Harness } from './helpers.js';

let app: Harness | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

function fakeClaude(): Assistant & { calls: string[] } {
  const calls: string[] = [];
  return {
    id: 'claude',
    calls,
    async proposeQuestions(_s, nodeId) {
      calls.push(nodeId);
      return { provider: 'claude', proposals: [{ question: 'What did the canary measure?', mode: 'why', category: 'testing', rationale: 'fake', evidence: [] }] };
    },
  };
}

function setup() {
  const claude = fakeClaude();
  const offline = createOfflineAssistant();
  const assistantFor = (s: Session): AssistantSelection =>
    hasConsent(s, 'claude') ? { assistant: claude, needsConsent: false } : { assistant: offline, needsConsent: true, note: 'Claude needs consent; offline proposals shown' };
  app = renderApp({ assistantFor, size: { columns: 110, rows: 34 } });
  return { claude, app };
}

function setup80() {
  const claude = fakeClaude();
  const offline = createOfflineAssistant();
  const assistantFor = (s: Session): AssistantSelection =>
    hasConsent(s, 'claude') ? { assistant: claude, needsConsent: false } : { assistant: offline, needsConsent: true, note: 'Claude needs consent; offline proposals shown' };
  app = renderApp({ assistantFor, size: { columns: 80, rows: 24 } });
  return { claude, app };
}

const last = (h: Harness) => h.saves.at(-1)!;

describe('assistant consent in the 5 Whys step', () => {
  it('the first n shows the exact request preview; Decline (the default) keeps offline, with the reason', async () => {
    const { claude, app } = setup();
    await ready(app);
    await paste(app, '3');
    await waitForText(app, 'Claude needs consent');
    await paste(app, 'n');
    const f = await waitForText(app, 'Send this to Claude?');
    const preview = buildRequestPreview(last(app), last(app).whys.rootId).text.split('\n');
    expect(f).toContain(preview[0]!);
    expect(f).toContain('[ Decline ]');
    await paste(app, '\r');
    await waitForFrame(app, (x) => !x.includes('Send this to Claude?'), 'closed');
    expect(last(app).meeting.aiConsent).toMatchObject({ granted: false, provider: 'claude' });
    expect(claude.calls).toEqual([]);
    expect(app.frame()).toContain('Assistant (offline)');
    // a second n does not ask again
    await paste(app, 'n');
    expect(app.frame()).not.toContain('Send this to Claude?');
  });

  it('Grant records consent and asks Claude; C revokes it', async () => {
    const { claude, app } = setup();
    await ready(app);
    await paste(app, '3');
    await waitForText(app, 'C AI consent');
    await paste(app, 'n');
    await waitForText(app, 'Send this to Claude?');
    await paste(app, '\u001b[B'); // scrolls
    await paste(app, '\t');
    await paste(app, '\r');
    await waitForText(app, 'What did the canary measure?');
    expect(hasConsent(last(app), 'claude')).toBe(true);
    expect(claude.calls).toEqual([last(app).whys.rootId]);
    await paste(app, 'C');
    await waitForText(app, 'Consent revoked');
    expect(hasConsent(last(app), 'claude')).toBe(false);
  });
});

describe('--ai flag', () => {
  it('takes offline or claude; anything else is a one-line user error', async () => {
    const { aiFlag } = await import('../../src/cli/console.js');
    expect(aiFlag(undefined, 'demo')).toBeUndefined();
    expect(aiFlag('claude', 'demo')).toBe('claude');
    expect(aiFlag('offline', 'resume')).toBe('offline');
    expect(() => aiFlag('gpt', 'new')).toThrow('debrief new: --ai takes offline or claude, not "gpt".');
  });
});

describe('consent screen at 80x24', () => {
  it('wraps long request lines instead of cutting them, and pages through the whole request', async () => {
    const long = `${'x'.repeat(70)}TAIL-OF-A-LONG-LINE`;
    expect(wrapPreview(`a\n${long}\n  indented\u001b[31m`, 40)).toEqual(['a', 'x'.repeat(40), `${'x'.repeat(30)}TAIL-OF-A-`, 'LONG-LINE', '  indented']);
    // words are not split: the break is at a space, and the continuation keeps the indentation
    expect(wrapPreview('  - never judge attention, care or competence of people', 24)).toEqual(['  - never judge', '  attention, care or', '  competence of people']);
    const { app } = setup80();
    await ready(app);
    await paste(app, '3');
    await waitForText(app, 'Claude needs consent');
    await paste(app, 'n');
    let f = await waitForText(app, 'Send this to Claude?');
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
    for (const l of f.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
    const all = wrapPreview(buildRequestPreview(last(app), last(app).whys.rootId).text, 76);
    const total = Number(/of (\d+)/.exec(f)?.[1]);
    expect(total).toBe(all.length);
    // page down to the end: the last line of the request is on screen
    for (let i = 0; i < Math.ceil(total / 5) + 1; i++) await paste(app, '\u001b[6~');
    f = await waitForText(app, `of ${total}`);
    expect(f).toContain(`-${total} of ${total}`);
    const lastLine = [...all].reverse().find((l) => l.trim())!;
    expect(f).toContain(lastLine.trim());
    // Home goes back to the first line, End to the last
    await paste(app, '\u001b[H');
    f = await waitForText(app, 'lines 1-');
    expect(f).toContain(all[0]!);
    await paste(app, '\u001b[F');
    f = await waitForText(app, `-${total} of ${total}`);
  });
});
