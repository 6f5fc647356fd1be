// The 5 Whys with the real Claude provider (the real SDK) against the fake Messages API: nothing is
// sent before consent; after Grant, the request is the preview the room saw, and the panel names Claude.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { consentAction, selectAssistant } from '../../src/assistant/index.js';
import { loadConfig } from '../../src/assistant/config.js';
import { buildRequestPreview } from '../../src/assistant/request.js';
import type { Session } from '../../src/domain/schema.js';
import { startFake, type FakeServer } from '../assistant/fake-anthropic.js';
import { paste, ready, renderApp, sessionWith, waitForFrame, waitForText, type Harness } from './helpers.js';

let fake: FakeServer;
let app: Harness | undefined;
beforeAll(async () => {
  fake = await startFake();
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  app?.unmount();
  app = undefined;
  fake.reset();
});

const ANSWER = JSON.stringify({
  proposals: [{ question: 'What did the canary compare against before the rollout widened?', mode: 'why', category: 'testing', rationale: 'The canary passed.', evidence: [] }],
});

describe('5 Whys with Claude (fake Messages API)', () => {
  it('asks only after Grant, sends exactly the previewed request, and names the provider', async () => {
    fake.setDefault({ text: ANSWER, chunk: 20 });
    const config = loadConfig({ ANTHROPIC_API_KEY: 'sk-ant-test-key-not-real-000000', ANTHROPIC_BASE_URL: fake.url, DEBRIEF_AI_TIMEOUT_MS: '3000' }, { read: () => null });
    const assistantFor = (s: Session) => selectAssistant(s, { ai: 'claude', config });
    const session = sessionWith([
      { type: 'incident/update', patch: { title: 'Checkout errors after deploy', services: ['checkout'] }, at: '2026-11-20T10:00:00.000Z' },
      { type: 'meeting/goto', step: 'whys', at: '2026-11-20T10:00:00.000Z' },
    ]);
    app = renderApp({ session, assistantFor, size: { columns: 110, rows: 34 } });
    await ready(app);
    await waitForText(app, 'Claude needs consent');
    await paste(app, 'n');
    await waitForText(app, 'Send this to Claude?');
    expect(fake.requests).toHaveLength(0);
    const preview = buildRequestPreview(app.saves.at(-1) ?? session, session.whys.rootId);
    await paste(app, '\t');
    await paste(app, '\r');
    const f = await waitForText(app, 'What did the canary compare against');
    expect(f).toContain('Assistant (claude)');
    expect(fake.requests).toHaveLength(1);
    const body = JSON.stringify(fake.requests[0]!.body);
    expect(body).toContain(JSON.stringify(preview.user).slice(1, 200));
    expect(body).toContain(JSON.stringify(preview.system).slice(1, 200));
  });

  it('Esc cancels a slow answer; keys keep working while it streams', async () => {
    let release!: () => void;
    const resume = new Promise<void>((r) => (release = r));
    fake.setDefault({ text: ANSWER, chunk: 8, holdAt: 16, resume });
    const config = loadConfig({ ANTHROPIC_API_KEY: 'sk-ant-test-key-not-real-000000', ANTHROPIC_BASE_URL: fake.url, DEBRIEF_AI_TIMEOUT_MS: '3000' }, { read: () => null });
    const assistantFor = (s: Session) => selectAssistant(s, { ai: 'claude', config });
    const session = sessionWith([{ type: 'meeting/goto', step: 'whys', at: '2026-11-20T10:00:00.000Z' }, consentAction(true, '2026-11-20T10:00:00.000Z')]);
    app = renderApp({ session, assistantFor, size: { columns: 110, rows: 34 } });
    await ready(app);
    await paste(app, 'n');
    await waitForText(app, 'asking… (Esc cancels)');
    await waitForFrame(app, () => fake.requests.length === 1, 'the request reached the server');
    // the agenda opens and closes while Claude is still answering
    await paste(app, 'T');
    await waitForText(app, 'Agenda · time used');
    await paste(app, 'T');
    await waitForText(app, 'asking… (Esc cancels)');
    await paste(app, '\u001b');
    await waitForText(app, 'cancelled');
    release();
    expect(app.frame()).not.toContain('What did the canary compare against');
  });
});
