// The Comms step with Claude (the real SDK against the fake Messages API): n asks Claude to draft the
// shown document from the confirmed facts; a draft that passes the checks is saved as an edit the room
// can revert; one that fails them leaves the template and says why; without consent nothing is sent.
import { afterEach, describe, expect, it } from 'vitest';
import { consentAction } from '../../src/assistant/index.js';
import { reduce } from '../../src/domain/reducer.js';
import type { Session } from '../../src/domain/schema.js';
import { useFakeClaude } from './fake-claude.js';
import { checkoutSession } from '../report/helpers/sessions.js';
import { paste, press, ready, renderApp, waitForFrame, waitForText, type Harness } from './helpers.js';

const claude = useFakeClaude();
const assistantFor = claude.assistantFor;
let app: Harness | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const AT = '2026-11-20T10:00:00.000Z';
const GOOD = 'Since 14:02 UTC, some payments at checkout have been failing. We are investigating and will post an update here as soon as we know more.';

function atComms(consent: boolean): Session {
  let s = reduce(checkoutSession(), { type: 'meeting/goto', step: 'comms', at: AT });
  if (consent) s = reduce(s, consentAction(true, AT));
  return s;
}

describe('Comms drafts from Claude', () => {
  it('n drafts the shown status update; it is saved as an edit and r goes back to the template', async () => {
    claude.fake.setDefault({ text: JSON.stringify({ drafts: [{ key: 'status:investigating', title: 'Investigating', body: GOOD }] }) });
    app = renderApp({ session: atComms(true), assistantFor, size: { columns: 120, rows: 34 } });
    await ready(app);
    await waitForText(app, 'n Claude draft');
    const template = app.frame();
    await paste(app, 'n');
    await waitForText(app, 'passed the checks');
    expect(app.frame()).toContain('(edited)');
    expect(app.frame()).toContain('some payments at checkout have been failing');
    expect(claude.fake.requests).toHaveLength(1);
    const schema = JSON.stringify(claude.fake.requests[0]!.body.output_config);
    expect(schema).toContain('status:investigating');
    expect(app.saves.at(-1)!.comms.edits['status:investigating']).toBe(GOOD);
    await press(app, 'comms.revert');
    await waitForFrame(app, (f) => !f.includes('(edited)'), 'back to the template');
    expect(template).not.toContain('some payments at checkout have been failing');
  });

  it('a draft with a figure not in the facts is refused: the template stays and the status says why', async () => {
    claude.fake.setDefault({ text: JSON.stringify({ drafts: [{ key: 'status:investigating', title: 'Investigating', body: 'About 7,000 payments failed since 14:02 UTC.' }] }) });
    app = renderApp({ session: atComms(true), assistantFor, size: { columns: 160, rows: 34 } });
    await ready(app);
    await paste(app, 'n');
    const f = await waitForText(app, 'offline draft shown');
    expect(f).toMatch(/not in the facts/);
    expect(f).not.toContain('(edited)');
    expect(app.saves.at(-1)?.comms.edits['status:investigating']).toBeUndefined();
  });

  it('without consent nothing is sent: the status line says how to grant it', async () => {
    app = renderApp({ session: atComms(false), assistantFor, size: { columns: 160, rows: 34 } });
    await ready(app);
    await paste(app, 'n');
    await waitForText(app, 'Claude needs consent first: on 5 Whys (3) press C');
    expect(claude.fake.requests).toHaveLength(0);
  });

  it('without Claude configured, n says how to configure it', async () => {
    app = renderApp({ session: atComms(true), size: { columns: 160, rows: 34 } });
    await ready(app);
    await paste(app, 'n');
    await waitForText(app, 'Claude is not configured: set ANTHROPIC_API_KEY or start with --ai claude');
    expect(claude.fake.requests).toHaveLength(0);
  });
});
