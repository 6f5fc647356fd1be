// Frame tests for the Timeline step: each action driven by key presses from the key table.
import { afterEach, describe, expect, it } from 'vitest';
import timeline, { type TimelineUi } from '../../src/ui/steps/timeline/index.js';
import { mount, type Mounted } from './timeline-helpers.js';
import { checkoutSession } from './timeline-fixture.js';
import { generateSession } from '../../src/ui/steps/timeline/generate.js';

let m: Mounted<TimelineUi> | null = null;
afterEach(() => {
  m?.unmount();
  m = null;
});

const open = async (size = { columns: 100, rows: 40 }) => (m = await mount(timeline, checkoutSession(), size));
const row = (frame: string, text: string) => frame.split('\n').find((l) => l.includes(text)) ?? '';
const cursorRow = (frame: string) => frame.split('\n').find((l) => l.startsWith('›')) ?? '';
const ev = (id: string) => m!.session().timeline.events.find((e) => e.id === id);
const goTo = async (text: string) => {
  for (let i = 0; i < 30 && !cursorRow(m!.frame()).includes(text); i++) await m!.press('nav.down');
  expect(cursorRow(m!.frame())).toContain(text);
};

describe('reading the timeline', () => {
  it('shows time at the precision, kind, actor, text, source badges, the detection gap, day boundaries and confirmation', async () => {
    const t = await open();
    const f = t.frame();
    expect(f).toContain('9 events · 1 confirmed');
    const deploy = row(f, 'Deploy 4821');
    expect(deploy).toMatch(/✓ .*13:58 +deploy +argocd +\[github\] Deploy 4821 shipped checkout-api v2\.14\.3$/);
    // the detection gap goes after the fixed columns (time, kind, actor), so it does not push them
    expect(row(f, 'CheckoutDBPoolSaturation')).toMatch(/· {2}14:08 {2}alert +alertmanager +\[slack\] \(noticed 14:22, \+13m\) CheckoutDBPoolSaturation/);
    expect(row(f, 'Acknowledged')).toContain('[pd]');
    expect(row(f, 'Acknowledged')).toMatch(/^ {2}· /);
    expect(f).toContain('── Tue 2024-03-12');
    expect(f).toContain('── Wed 2024-03-13');
    // the conflict is marked on its row
    expect(row(f, '#1932 triggered')).toContain('⚠');
    // control sequences from the source never reach the screen
    expect(f).not.toContain('\u001b[31m');
  });

  it('uses the incident time zone for times and day boundaries', async () => {
    const s = checkoutSession();
    s.incident.timezone = 'America/Chicago';
    m = await mount(timeline, s, { columns: 100, rows: 40 });
    const f = m.frame();
    expect(row(f, 'Deploy 4821')).toContain('08:58');
    expect(f).toContain('── Tue 2024-03-12');
    expect(f).toContain('── Wed 2024-03-13');
  });
});

describe('edge cases', () => {
  it('starts from an empty timeline: only adding and filtering are offered, and a added event shows', async () => {
    const s = checkoutSession();
    m = await mount(timeline, { ...s, timeline: { ...s.timeline, events: [], series: [] } }, { columns: 100, rows: 30 });
    expect(m.frame()).toContain('No events yet: a adds one by hand.');
    await m.press('timeline.confirm'); // nothing to confirm: ignored
    expect(m.session().timeline.events).toHaveLength(0);
    await m.press('item.add');
    await m.type('Customer reports first failed checkout');
    await m.press('edit.submit');
    await m.waitFor((f) => f.includes('1 event · 1 confirmed'));
    expect(cursorRow(m.frame())).toContain('Customer reports first failed checkout');
  });

  it('never lets control sequences or bidi overrides from a source reach a row', async () => {
    const s = checkoutSession();
    const evil = { ...s.timeline.events[0]!, id: 'evil', text: 'ok \u001b]0;pwned\u0007\u001b[2Jdone \u202eevil', actor: 'x\u001b[31my' };
    m = await mount(timeline, { ...s, timeline: { ...s.timeline, events: [evil] } }, { columns: 100, rows: 30 });
    const f = m.frame();
    expect(f).toContain('ok done evil');
    expect(f).toContain('xy');
    expect(f).not.toMatch(/[\u001b\u0007\u202e]/);
  });
});

describe('confirming', () => {
  it('confirms the selected event in one key and moves on', async () => {
    const t = await open();
    await t.press('nav.down');
    expect(cursorRow(t.frame())).toContain('5xx ratio above 1%');
    await t.press('timeline.confirm');
    await t.waitFor((f) => f.includes('9 events · 2 confirmed'));
    expect(ev('impact')?.confirmed).toBe(true);
    expect(row(t.frame(), '5xx ratio above 1%')).toMatch(/✓/);
    expect(cursorRow(t.frame())).toContain('CheckoutDBPoolSaturation');
    // pressing it on a confirmed event takes the confirmation back
    await t.press('nav.up');
    await t.press('timeline.confirm');
    await t.waitFor((f) => f.includes('9 events · 1 confirmed'));
  });

  it('confirms every event in view at once', async () => {
    const t = await open({ columns: 100, rows: 19 });
    // 19 rows: the list keeps 8 lines under the chart, so only part of the timeline is in view
    const before = t.frame();
    const shown = before.split('\n').filter((l) => /^[ ›][ ●][✓·]/.test(l)).length;
    expect(shown).toBeGreaterThan(3);
    expect(shown).toBeLessThan(9);
    await t.press('timeline.confirmView');
    await t.waitFor((f) => f.includes(`9 events · ${shown} confirmed`) || f.includes(`${shown} confirmed`));
    const confirmed = t.session().timeline.events.filter((e) => e.confirmed).length;
    expect(confirmed).toBe(shown);
    expect(ev('followup')?.confirmed).toBe(false);
  });
});

describe('editing', () => {
  it('edits the text and the time of an event; the row follows its new place', async () => {
    const t = await open();
    await goTo('decision: roll back');
    await t.press('item.edit');
    await t.waitFor((f) => f.includes('Edit event'));
    await t.type('\u0015'); // Ctrl+U clears the field before the caret
    await t.type('Decision: roll back to v2.14.2 (IC)');
    await t.press('edit.nextField'); // text -> time
    await t.type('\u0015');
    await t.type('14:05');
    await t.press('edit.submit');
    await t.waitFor((f) => !f.includes('Edit event'));
    const e = ev('rollback');
    expect(e?.text).toBe('Decision: roll back to v2.14.2 (IC)');
    expect(e?.occurredAt).toBe('2024-03-12T14:05:00Z');
    const f = t.frame();
    expect(cursorRow(f)).toContain('Decision: roll back');
    expect(f.indexOf('Decision: roll back')).toBeLessThan(f.indexOf('CheckoutDBPoolSaturation'));
  });

  it('edits kind and actor, and refuses an unknown kind with a reason', async () => {
    const t = await open();
    await goTo('Acknowledged');
    await t.press('item.edit');
    await t.press('edit.prevField'); // text -> actor
    await t.type('\u0015');
    await t.type('on-call primary');
    await t.press('edit.prevField'); // actor -> kind
    await t.type('\u0015');
    await t.type('banana');
    await t.press('edit.submit');
    await t.waitFor((f) => f.includes('kind: "banana" is not one of'));
    await t.type('\u0015');
    await t.type('esc');
    await t.press('edit.submit');
    await t.waitFor((f) => !f.includes('Edit event'));
    expect(ev('ack')?.kind).toBe('escalation');
    expect(ev('ack')?.actor).toBe('on-call primary');
  });

  it('checks the event text for blameful language and Ctrl+F accepts the rewrite', async () => {
    const linter = (text: string) =>
      /\bbob\b/.test(text)
        ? [{ rule: 'names-person', kind: 'blame' as const, severity: 'warning' as const, span: 'bob', message: 'names a person', suggestion: 'the on-call engineer' }]
        : [];
    m = await mount(timeline, checkoutSession(), { columns: 100, rows: 40 }, { lint: linter });
    await goTo('decision: roll back');
    await m.press('item.edit');
    await m.type(' (bob)');
    await m.waitFor((f) => f.includes('“bob”: names a person → the on-call engineer (Ctrl+F accepts)'));
    await m.press('edit.acceptFix');
    await m.waitFor((f) => f.includes('text   : decision: roll back to v2.14.2 (the on-call engineer)'));
    await m.press('edit.submit');
    await m.waitFor((f) => !f.includes('Edit event'));
    expect(ev('rollback')?.text).toBe('decision: roll back to v2.14.2 (the on-call engineer)');
  });

  it('edits when an event was noticed, which shows the detection gap', async () => {
    const t = await open();
    await goTo('5xx ratio above 1%');
    await t.press('item.edit');
    for (let i = 0; i < 3; i++) await t.press('edit.prevField'); // text -> actor -> kind -> noticed
    await t.type('14:00');
    await t.press('edit.submit');
    await t.waitFor((f) => f.includes('noticed: an event cannot be noticed before it happened'));
    await t.type('\u0015');
    await t.type('14:11');
    await t.press('edit.submit');
    await t.waitFor((f) => !f.includes('Edit event'));
    expect(ev('impact')?.detectedAt).toBe('2024-03-12T14:11:00Z');
    expect(row(t.frame(), '5xx ratio above 1%')).toMatch(/14:02 .*\(noticed 14:11, \+8m\) 5xx ratio above 1%/);
    // and cleared again: noticed at once
    await goTo('CheckoutDBPoolSaturation');
    await t.press('item.edit');
    for (let i = 0; i < 3; i++) await t.press('edit.prevField');
    await t.type('\u0015');
    await t.press('edit.submit');
    await t.waitFor((f) => !f.includes('Edit event'));
    expect(ev('warn')?.detectedAt).toBeNull();
    expect(row(t.frame(), 'CheckoutDBPoolSaturation')).not.toContain('noticed');
  });

  it('Esc cancels an edit and changes nothing', async () => {
    const t = await open();
    await t.press('item.edit');
    await t.type('xyz');
    await t.press('edit.cancel');
    await t.waitFor((f) => !f.includes('Edit event'));
    expect(ev('deploy')?.text).toBe('Deploy 4821 shipped checkout-api v2.14.3');
  });
});

describe('merge, split, delete, add', () => {
  it('merges the selected events into the earliest one', async () => {
    const t = await open();
    await goTo('Acknowledged');
    await t.press('timeline.select');
    await t.waitFor((f) => f.includes('1 selected'));
    await t.press('nav.up');
    await t.press('timeline.select');
    await t.waitFor((f) => f.includes('2 selected'));
    await t.press('timeline.merge');
    await t.waitFor((f) => f.includes('8 events'));
    const merged = ev('page');
    expect(ev('ack')).toBeUndefined();
    expect(merged?.text).toBe('PagerDuty #1932 triggered, assigned to alice / Acknowledged #1932');
    expect(merged?.sources.map((s) => s.ref)).toEqual(['R1932', 'A1932']);
    expect(t.frame()).toContain('Merged 2 events');
  });

  it('asks for a selection before merging', async () => {
    const t = await open();
    await t.press('timeline.merge');
    await t.waitFor((f) => f.includes('Select two or more events'));
    expect(t.session().timeline.events).toHaveLength(9);
  });

  it('splits one event in two', async () => {
    const t = await open();
    await goTo('Postmortem scheduled');
    await t.press('timeline.split');
    await t.waitFor((f) => f.includes('Split the event in two'));
    expect(t.frame()).toContain('Postmortem scheduled;');
    await t.press('edit.submit');
    await t.waitFor((f) => f.includes('10 events'));
    const texts = t.session().timeline.events.slice(-2).map((e) => e.text);
    expect(texts).toEqual(['Postmortem scheduled; 2', 'follow-up tickets opened']);
  });

  it('deletes the selected event and undo brings it back', async () => {
    const t = await open();
    await goTo('decision: roll back');
    await t.press('item.delete');
    await t.waitFor((f) => f.includes('8 events'));
    expect(t.frame()).not.toContain('decision: roll back');
    expect(ev('rollback')).toBeUndefined();
    await t.press('app.undo');
    await t.waitFor((f) => f.includes('9 events'));
    expect(t.frame()).toContain('decision: roll back');
  });

  it('adds a manual event, confirmed, at the typed time', async () => {
    const t = await open();
    await goTo('#1932 triggered');
    await t.press('item.add');
    await t.waitFor((f) => f.includes('Add a manual event'));
    await t.type('Support escalated merchant calls');
    await t.press('edit.nextField'); // -> time
    await t.type('\u0015');
    await t.type('14:09');
    await t.press('edit.submit');
    await t.waitFor((f) => f.includes('10 events · 2 confirmed'));
    const added = t.session().timeline.events.find((e) => e.text === 'Support escalated merchant calls');
    expect(added).toMatchObject({ occurredAt: '2024-03-12T14:09:00Z', kind: 'note', confirmed: true, proposedBy: 'facilitator' });
    expect(added?.sources[0]?.type).toBe('manual');
    expect(cursorRow(t.frame())).toContain('Support escalated');
    expect(cursorRow(t.frame())).toContain('[manual]');
  });
});

describe('key moments', () => {
  it('sets moments on events and shows the durations live', async () => {
    const t = await open();
    expect(t.frame()).toContain('time to detect —');
    await goTo('5xx ratio above 1%');
    await t.press('timeline.moment');
    await t.waitFor((f) => f.includes('Set a key moment on'));
    await t.press('confirm.choose'); // impact start
    await t.waitFor((f) => f.includes('I impact start 14:02'));
    await goTo('#1932 triggered');
    await t.press('timeline.moment');
    await t.press('nav.down');
    await t.press('confirm.choose'); // detected
    await t.waitFor((f) => f.includes('time to detect 8m'));
    await goTo('Acknowledged');
    await t.press('timeline.moment');
    await t.press('nav.down');
    await t.press('nav.down');
    await t.press('confirm.choose');
    await t.waitFor((f) => f.includes('time to acknowledge 10m'));
    const f = t.frame();
    expect(f).toContain('D detected 14:11');
    expect(row(f, '#1932 triggered')).toMatch(/14:11 D /);
    expect(t.session().timeline.moments.detected).toMatchObject({ eventId: 'page', at: '2024-03-12T14:11:02Z', confirmed: true });
    // the chart's marker line carries the moments under the bars
    const markerLine = f.split('\n').find((l) => /^[ IDAMR*]+$/.test(l) && /[IDA*]/.test(l));
    expect(markerLine).toBeDefined();
    expect(markerLine!.indexOf('I')).toBeGreaterThan(0);
  });

  it('clears a moment from the picker', async () => {
    const t = await open();
    await t.press('nav.down');
    await t.press('timeline.moment');
    await t.press('confirm.choose');
    await t.waitFor((f) => f.includes('impact start 14:02'));
    await t.press('timeline.moment');
    await t.press('item.delete');
    await t.waitFor((f) => f.includes('impact start cleared'));
    expect(t.session().timeline.moments.impactStart).toBeNull();
  });
});

describe('conflicts', () => {
  it('jumps to the next conflict, steps through its values and records the trusted source', async () => {
    const t = await open();
    await t.press('timeline.nextConflict');
    expect(cursorRow(t.frame())).toContain('#1932 triggered');
    await t.press('timeline.resolve');
    await t.waitFor((f) => f.includes('Conflict 1/1 · occurredAt'));
    expect(t.frame()).toContain('from pagerduty');
    expect(t.frame()).toContain('from alertmanager');
    await t.press('nav.down');
    await t.press('confirm.choose');
    await t.waitFor((f) => f.includes('occurredAt: trusted alertmanager'));
    const e = ev('page');
    expect(e?.occurredAt).toBe('2024-03-12T14:10:30Z');
    expect(e?.conflicts[0]?.resolution).toMatchObject({ value: '2024-03-12T14:10:30Z', trustedSource: 'alertmanager' });
    expect(row(t.frame(), '#1932 triggered')).not.toContain('⚠');
    await t.press('timeline.nextConflict');
    await t.waitFor((f) => f.includes('No conflict left'));
  });
});

describe('filters and jumps', () => {
  it('filters fuzzily with / over text, actor and source; Enter keeps it, Esc clears it', async () => {
    const t = await open();
    await t.press('timeline.filter');
    await t.type('rol');
    await t.waitFor((f) => f.includes('(/rol)'));
    expect(t.frame()).toContain('decision: roll back');
    expect(t.frame()).toContain('Deploy 4822 (v2.14.2) rolled out');
    expect(t.frame()).not.toContain('Deploy 4821');
    await t.type('\u007f\u007f\u007f');
    await t.type('alise'); // actor, with a typo
    await t.waitFor((f) => f.includes('/alise'));
    expect(t.frame()).toContain('Acknowledged #1932');
    expect(t.frame()).toContain('#1932 triggered, assigned to alice');
    await t.press('edit.submit');
    await t.waitFor((f) => !f.includes('/ filter:'));
    expect(t.frame()).toContain('showing 2');
    await t.press('edit.cancel');
    await t.waitFor((f) => !f.includes('showing'));
    expect(t.frame()).toContain('Deploy 4821');
  });

  it('filters by kind, by source and unconfirmed only', async () => {
    const t = await open();
    await t.press('timeline.filterKind');
    await t.waitFor((f) => f.includes('kind deploy'));
    expect(t.frame()).toContain('showing 2');
    await t.press('timeline.filterKind');
    await t.waitFor((f) => f.includes('kind alert'));
    await t.press('edit.cancel');
    await t.press('timeline.filterSource');
    await t.waitFor((f) => f.includes('source github'));
    expect(t.frame()).toContain('showing 2');
    await t.press('timeline.filterSource');
    await t.waitFor((f) => f.includes('source pagerduty'));
    expect(t.frame()).toContain('showing 3');
    await t.press('edit.cancel');
    await t.press('timeline.unconfirmedOnly');
    await t.waitFor((f) => f.includes('unconfirmed only'));
    expect(t.frame()).toContain('showing 8');
    expect(t.frame()).not.toContain('Deploy 4821');
  });

  it('confirms in rhythm under "unconfirmed only" without skipping an event', async () => {
    const t = await open();
    await t.press('timeline.unconfirmedOnly');
    await t.waitFor((f) => f.includes('showing 8'));
    expect(cursorRow(t.frame())).toContain('5xx ratio above 1%');
    await t.press('timeline.confirm');
    await t.waitFor((f) => f.includes('showing 7'));
    expect(cursorRow(t.frame())).toContain('CheckoutDBPoolSaturation');
    await t.press('timeline.confirm');
    await t.waitFor((f) => f.includes('showing 6'));
    expect(cursorRow(t.frame())).toContain('#1932 triggered');
  });

  it('jumps to the next unconfirmed event', async () => {
    const t = await open();
    expect(cursorRow(t.frame())).toContain('Deploy 4821');
    await t.press('timeline.nextUnconfirmed');
    expect(cursorRow(t.frame())).toContain('5xx ratio above 1%');
    await t.press('timeline.confirm');
    await t.press('timeline.nextUnconfirmed');
    expect(cursorRow(t.frame())).toContain('#1932 triggered');
  });
});

describe('evidence and chart', () => {
  it('opens the evidence pane with the raw excerpt, file, reference and thread context', async () => {
    const t = await open();
    await goTo('CheckoutDBPoolSaturation');
    await t.press('timeline.evidence');
    const f = await t.waitFor((x) => x.includes('Evidence ·'));
    expect(f).toContain('slack · slack-export/payments/2024-03-12.json · ref ts 1710252496.000100');
    expect(f).toContain('│ dana: is anyone looking at the pool warning?');
    expect(f).toContain('[FIRING:1] CheckoutDBPoolSaturation warning');
    expect(f).not.toContain('\u001b[31m');
    await t.press('overlay.close');
    await t.waitFor((x) => !x.includes('Evidence ·'));
  });

  it('shows the chat thread of a reply: its parent and the earlier replies', async () => {
    const s = checkoutSession();
    const events = s.timeline.events.map((e) =>
      e.id === 'rollback' ? { ...e, parentId: 'warn', channel: '#inc-1932' } : e.id === 'ack' ? { ...e, parentId: 'warn' } : e,
    );
    m = await mount(timeline, { ...s, timeline: { ...s.timeline, events } }, { columns: 100, rows: 40 });
    await goTo('decision: roll back');
    await m.press('timeline.evidence');
    const f = await m.waitFor((x) => x.includes('Evidence ·'));
    expect(f).toContain('channel #inc-1932');
    expect(f).toContain('┌ 14:08:16 alertmanager: CheckoutDBPoolSaturation warning posted in #payments');
    expect(f).toContain('│ 14:13:40 alice: Acknowledged #1932');
    expect(f).toContain('└ 14:29:00 bob: decision: roll back to v2.14.2');
  });

  it('draws the metric series above the list and switches to the second series', async () => {
    const t = await open();
    const f = t.frame();
    expect(f).toContain('job:http_requests_5xx:ratio_rate1m{service=checkout-api} max 9.6%');
    expect(f).toContain('(1/2, S: next series)');
    expect(f).toMatch(/█/);
    await t.press('timeline.series');
    await t.waitFor((x) => x.includes('pg_connections_busy{db=payments} max 198'));
    expect(t.frame()).toContain('(2/2, S: next series)');
  });

  it('hides the chart when the terminal is too short for it, and re-lays on resize', async () => {
    const t = (m = await mount(timeline, generateSession({ events: 200, series: true }), { columns: 100, rows: 16 }));
    expect(t.frame()).not.toContain('http_5xx_ratio');
    const lines = (f: string) => f.split('\n').filter((l) => /^[ ›][ ●][✓·]/.test(l)).length;
    const small = lines(t.frame());
    await t.resize({ columns: 100, rows: 40 });
    await t.waitFor((f) => f.includes('http_5xx_ratio'));
    expect(small).toBe(11); // 14 body lines - 3 head lines
    expect(lines(t.frame())).toBe(38 - 3 - 5); // body - head - chart (title, 3 bar rows, markers)
    // and back: the cursor stays in view after shrinking
    for (let i = 0; i < 25; i++) await t.press('nav.down');
    await t.resize({ columns: 100, rows: 16 });
    await t.waitFor((f) => !f.includes('http_5xx_ratio'));
    expect(cursorRow(t.frame())).toContain('#25 ');
    expect(lines(t.frame())).toBe(11);
    expect(t.frame().split('\n').length).toBeLessThanOrEqual(40);
  });
});
