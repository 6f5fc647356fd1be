// Presenter mode (P): private content is hidden on the 5 Whys and Timeline steps.
import { afterEach, describe, expect, it } from 'vitest';
import { createOfflineAssistant } from '../../src/assistant/index.js';
import { paste, ready, renderApp, waitForFrame, waitForText, type Harness } from './helpers.js';
import { checkoutSession } from './timeline-fixture.js';
import { COLOR_THEME, NO_COLOR_THEME, presenterTheme } from '../../src/ui/theme.js';

let app: Harness | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const size = { columns: 110, rows: 36 };

describe('presenter mode', () => {
  it('5 Whys: the assistant panel, its proposals and its note are hidden', async () => {
    const offline = createOfflineAssistant();
    app = renderApp({ session: checkoutSession(), size, assistantFor: () => ({ assistant: offline, needsConsent: true, note: 'Claude needs consent here' }) });
    await ready(app);
    await paste(app, '3');
    const before = await waitForText(app, 'Assistant (offline)');
    expect(before).toContain('Claude needs consent here');
    await paste(app, 'P');
    const f = await waitForText(app, 'PRESENTING');
    expect(f).not.toContain('Assistant (');
    expect(f).not.toContain('Claude needs consent here');
    expect(f).not.toContain('n suggest');
    await paste(app, 'P');
    await waitForText(app, 'Assistant (offline)');
  });

  it('Timeline: the evidence pane hides the raw excerpt while presenting', async () => {
    app = renderApp({ session: checkoutSession(), size });
    await ready(app);
    await paste(app, '2');
    await waitForFrame(app, (x) => x.includes('Timeline'), 'timeline');
    await paste(app, 'v');
    const plain = await waitForText(app, 'Evidence ·');
    expect(plain).toContain('excerpt:');
    await paste(app, '\u001b');
    await waitForFrame(app, (x) => !x.includes('Evidence ·'), 'closed');
    await paste(app, 'P');
    await waitForText(app, 'PRESENTING');
    await paste(app, 'v');
    const shown = await waitForText(app, 'Evidence ·');
    expect(shown).toContain('(excerpt hidden while presenting)');
    expect(shown).not.toContain('excerpt:');
  });
});

describe('presenter mode on every step', () => {
  it('fits 80x24 on all eight steps, and on a wide screen adds a margin around the step', async () => {
    app = renderApp({ session: checkoutSession(), size: { columns: 80, rows: 24 } });
    await ready(app);
    await paste(app, 'P');
    await waitForText(app, 'PRESENTING');
    for (let i = 1; i <= 8; i++) {
      await paste(app, String(i));
      const f = await waitForFrame(app, (x) => x.includes(`Step ${i}/8`), `step ${i}`);
      const lines = f.split('\n');
      expect(lines.length).toBeLessThanOrEqual(23);
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    }
    app.unmount();
    app = renderApp({ session: checkoutSession(), size: { columns: 110, rows: 30 } });
    await ready(app);
    await paste(app, '7');
    const plain = await waitForFrame(app, (x) => x.includes('Step 7/8'), 'comms');
    const row = (f: string) => f.split('\n').find((l) => /^ *\d+\/\d+ · /.test(l))!;
    expect(row(plain)).toMatch(/^\d/);
    await paste(app, 'P');
    const shown = await waitForText(app, 'PRESENTING');
    expect(row(shown)).toMatch(/^ {2}\d/);
  });

  it('high contrast: nothing grey in the presenter theme; monochrome stays monochrome', () => {
    expect(COLOR_THEME.text.secondary).toBe('gray');
    const p = presenterTheme(COLOR_THEME);
    expect(p.text.secondary).toBeUndefined();
    expect(p.ui.border).not.toBe('gray');
    expect(presenterTheme(NO_COLOR_THEME)).toBe(NO_COLOR_THEME);
  });
});
