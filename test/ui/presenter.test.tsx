// Presenter mode (P): private content is hidden on the 5 Whys and Timeline steps.
import { afterEach, describe, expect, it } from 'vitest';
import { createOfflineAssistant } from '../../src/assistant/index.js';
import { paste, ready, renderApp, waitForFrame, waitForText, type Harness } from './helpers.js';
import { checkoutSession } from './timeline-fixture.js';

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
