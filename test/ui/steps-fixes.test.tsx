// Frame tests for the audit fixes in the Timeline and 5 Whys steps:
// 1. multi-day incidents read in order (dates in the moment strip, day separators, aligned columns, all
//    five moments visible at 80 and 100 columns);
// 2. the selection is kept by event id / node id across filter changes, undo/redo and re-sorting;
// 3. a new child why starts from the offline assistant's top proposal, never "Why <the parent's answer>?".
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { proposeNextQuestions } from '../../src/analysis/questions.js';
import { reduce } from '../../src/domain/reducer.js';
import { createSession } from '../../src/domain/session.js';
import type { MomentKey, Session, TimelineEvent, WhyNode } from '../../src/domain/schema.js';
import { reconstruct } from '../../src/ingest/index.js';
import { importActions } from '../../src/ingest/session.js';
import timeline, { type TimelineUi } from '../../src/ui/steps/timeline/index.js';
import { generateSession } from '../../src/ui/steps/timeline/generate.js';
import whys, { type WhysUi } from '../../src/ui/steps/whys/index.js';
import { mount, type Mounted } from './timeline-helpers.js';
import { checkoutSession } from './timeline-fixture.js';

let m: Mounted<TimelineUi> | Mounted<WhysUi> | null = null;
afterEach(() => {
  m?.unmount();
  m = null;
});

const lines = (f: string) => f.split('\n');
const row = (f: string, text: string) => lines(f).find((l) => /^[ ›][ ●][✓·]/.test(l) && l.includes(text)) ?? '';
const eventRows = (f: string) => lines(f).filter((l) => /^[ ›][ ●][✓·]/.test(l));
const cursorRow = (f: string) => lines(f).find((l) => l.startsWith('›')) ?? '';
/** the moment strip: the lines from "I …" up to the durations line */
const strip = (f: string) => {
  const ls = lines(f);
  const from = ls.findIndex((l) => l.startsWith('I '));
  const to = ls.findIndex((l, i) => i > from && /^(time to|TTD)/.test(l));
  return from < 0 || to < 0 ? '' : ls.slice(from, to).join('\n');
};

const withMoments = (s: Session, moments: Partial<Record<MomentKey, string>>): Session => {
  let out = s;
  for (const [key, eventId] of Object.entries(moments) as Array<[MomentKey, string]>) {
    const e = out.timeline.events.find((x) => x.id === eventId)!;
    out = reduce(out, { type: 'timeline/moment', key, eventId, time: e.occurredAt, at: '2024-05-09T09:00:00Z' });
  }
  return out;
};

const ev = (id: string, occurredAt: string, kind: TimelineEvent['kind'], text: string): TimelineEvent => ({
  id,
  occurredAt,
  detectedAt: null,
  precision: 'minute',
  kind,
  actor: null,
  text,
  sources: [],
  conflicts: [],
  confirmed: false,
});

/** A slow burn shaped after the cert-expiry-slow-burn fixture: weeks of lead-up, three days of impact, hour precision. */
function slowBurn(): Session {
  const base = createSession({
    id: 'cert',
    now: '2024-05-09T09:00:00Z',
    step: 'timeline',
    incident: { title: 'Ledger mTLS errors', timezone: 'UTC', severity: 'SEV2', summary: 'expired client certificates on pool-b' },
  });
  const events = [
    ev('rot', '2024-04-08T13:20:41Z', 'deploy', 'platform-mesh-certs synced to 7a3f9e2'),
    ev('first', '2024-05-06T02:20:00Z', 'alert', 'ledger-svc mTLS handshake errors'),
    ev('retry', '2024-05-06T09:58:14Z', 'message', 'x509 errors, retry seems to help'),
    ev('deploy', '2024-05-06T15:31:02Z', 'deploy', 'ledger-svc synced to 9e8d7c6'),
    ev('inv', '2024-05-07T09:15:40Z', 'message', 'invoices not syncing for 5 tenants'),
    ev('lat', '2024-05-07T14:02:45Z', 'alert', 'ledger-svc latency high'),
    ev('ack', '2024-05-07T14:19:58Z', 'ack', 'Alert acknowledged via mobile'),
    ev('fix', '2024-05-08T10:58:37Z', 'deploy', 'cert-rotator reads the CA from platform-mesh-certs'),
    ev('closed', '2024-05-08T12:05:44Z', 'resolve', 'Alert closed via web'),
  ];
  const s: Session = { ...base, timeline: { ...base.timeline, events, precision: 'hour' } };
  return withMoments(s, { impactStart: 'first', detected: 'first', acknowledged: 'ack', mitigated: 'fix', resolved: 'closed' });
}

const DATED = /[A-Z][a-z]{2} \d\d-\d\d \d\dh/;

describe('multi-day incidents at hour precision', () => {
  for (const size of [
    { columns: 80, rows: 24 },
    { columns: 100, rows: 30 },
  ]) {
    it(`dates every key moment and shows all five at ${size.columns} columns`, async () => {
      const t = (m = await mount(timeline, slowBurn(), size));
      const f = t.frame();
      const s = strip(f);
      expect(s).toContain('I impact start Mon 05-06 02h');
      expect(s).toContain('D detected Mon 05-06 02h');
      expect(s).toMatch(/A ack(nowledged|'d) Tue 05-07 14h/);
      expect(s).toContain('M mitigated Wed 05-08 10h');
      expect(s).toContain('R resolved Wed 05-08 12h');
      for (const l of lines(f)) expect(l.length).toBeLessThanOrEqual(size.columns);
      // the rows keep the hour, the day separators carry the day
      expect(row(f, 'handshake errors')).toMatch(/ 02h ID {2}alert /);
      expect(row(f, 'invoices not syncing')).toMatch(/ 09h {5}message /);
      expect(f).toContain('── Mon 2024-04-08');
      expect(f).toContain('── Mon 2024-05-06');
    });
  }

  it('shows a day separator above the first row in view, wherever the window starts', async () => {
    const t = (m = await mount(timeline, slowBurn(), { columns: 80, rows: 12 }));
    await t.press('nav.end');
    const f = await t.waitFor((x) => cursorRow(x).includes('Alert closed'));
    const ls = lines(f);
    const first = ls.findIndex((l) => /^[ ›][ ●][✓·]/.test(l));
    expect(ls[first - 1]).toMatch(/^── [A-Z][a-z]{2} 2024-05-0\d/);
  });

  it('dates the evidence the 5 Whys cite from a multi-day timeline', async () => {
    let s = slowBurn();
    s = { ...s, meeting: { ...s.meeting, step: 'whys' } };
    s = addNode(s, 'w1', 'root', 'Why did invoices stop syncing?', 'Ledger calls failed the mTLS handshake', { evidence: ['ack'] });
    const t = (m = await mount(whys, s, { columns: 120, rows: 30 })) as Mounted<WhysUi>;
    await t.press('nav.down');
    await t.waitFor((f) => f.includes('evidence: Tue 05-07 14h Alert acknowledged via mobile'));
  });

  it('says on which day a late notice came when it is another day', async () => {
    const s = slowBurn();
    const events = s.timeline.events.map((e) => (e.id === 'deploy' ? { ...e, detectedAt: '2024-05-07T09:00:00Z' } : e));
    m = await mount(timeline, { ...s, timeline: { ...s.timeline, events } }, { columns: 120, rows: 30 });
    expect(row(m.frame(), 'ledger-svc synced')).toContain('(noticed Tue 05-07 09h, +17h) ledger-svc synced');
  });

  it('dates the moments of the cert-expiry fixture and of a 10,000-event generated session', async () => {
    const dir = 'test/fixtures/incidents/cert-expiry-slow-burn';
    const expected = JSON.parse(readFileSync(`${dir}/expected.json`, 'utf8')) as { inputs: string[] };
    const result = await reconstruct(
      expected.inputs.map((p) => `${dir}/${p}`),
      { tz: 'UTC' },
    );
    let cert = createSession({ id: 'cert', now: '2024-05-09T00:00:00Z', step: 'timeline', incident: { title: 'Cert', timezone: 'UTC' } });
    for (const a of importActions(cert, result, '2024-05-09T00:00:00Z')) cert = reduce(cert, a);
    expect(cert.timeline.precision).toBe('hour');
    const t = (m = await mount(timeline, cert, { columns: 80, rows: 24 }));
    const s = strip(t.frame());
    for (const g of ['I', 'D', 'A', 'M', 'R']) expect(s).toMatch(new RegExp(`(^|· )${g} [^·]*(${DATED.source}|—)`, 'm'));
    expect(t.frame()).toMatch(/── [A-Z][a-z]{2} 2024-\d\d-\d\d/);
    t.unmount();

    const big = generateSession({ events: 10_000, stepMs: 60_000 });
    const ids = big.timeline.events;
    let hourly: Session = { ...big, timeline: { ...big.timeline, precision: 'hour' } };
    hourly = withMoments(hourly, { impactStart: ids[100]!.id, detected: ids[2000]!.id, acknowledged: ids[3000]!.id, mitigated: ids[8000]!.id, resolved: ids[9000]!.id });
    const g = (m = await mount(timeline, hourly, { columns: 100, rows: 30 }));
    const gs = strip(g.frame());
    expect(gs).toContain('I impact start Tue 03-12 14h');
    expect(gs).toContain('R resolved Mon 03-18 19h');
    await g.press('nav.end');
    const f = await g.waitFor((x) => cursorRow(x).includes('#9999 '));
    expect(f).toContain('── Tue 2024-03-19');
  });
});

describe('minute-level incidents and the row columns', () => {
  const fiveMoments = () =>
    withMoments(checkoutSession(), { impactStart: 'impact', detected: 'page', acknowledged: 'ack', mitigated: 'mitigated', resolved: 'resolved' });

  for (const columns of [80, 100]) {
    it(`shows all five moments, undated, at ${columns} columns`, async () => {
      const t = (m = await mount(timeline, fiveMoments(), { columns, rows: 40 }));
      const s = strip(t.frame());
      expect(s).toContain('I impact start 14:02');
      expect(s).toContain('D detected 14:11');
      expect(s).toMatch(/A ack(nowledged|'d) 14:13/);
      expect(s).toContain('M mitigated 14:41');
      expect(s).toContain('R resolved 14:58');
      expect(s).not.toMatch(/[A-Z][a-z]{2} \d\d-\d\d/);
      expect(row(t.frame(), 'Deploy 4821')).toMatch(/ 13:58 /);
    });
  }

  it('keeps the kind column aligned on rows that carry moment letters', async () => {
    const t = (m = await mount(timeline, fiveMoments(), { columns: 100, rows: 40 }));
    const f = t.frame();
    const s = t.session();
    const kindAt = (e: TimelineEvent) => {
      const l = row(f, e.text.slice(0, 20));
      expect(l).not.toBe('');
      return l.indexOf(` ${e.kind} `) + 1;
    };
    const cols = new Set(s.timeline.events.map(kindAt));
    expect(cols.size).toBe(1);
    expect(row(f, '5xx ratio above 1%')).toMatch(/14:02 I {2}metric /);
    expect(row(f, 'Deploy 4821')).toMatch(/13:58 {4}deploy /);
  });
});

describe('the selection is kept by id', () => {
  const open = async () => (m = await mount(timeline, checkoutSession(), { columns: 100, rows: 40 })) as Mounted<TimelineUi>;
  const goTo = async (t: Mounted<TimelineUi>, text: string) => {
    for (let i = 0; i < 30 && !cursorRow(t.frame()).includes(text); i++) await t.press('nav.down');
    expect(cursorRow(t.frame())).toContain(text);
  };

  it('keeps the selected event through a / filter typed and cleared, so x deletes that event', async () => {
    const t = await open();
    await goTo(t, 'Acknowledged #1932');
    await t.press('timeline.filter');
    await t.type('alice');
    await t.waitFor((f) => f.includes('showing 2'));
    expect(cursorRow(t.frame())).toContain('Acknowledged #1932');
    await t.type('\u007f\u007f\u007f\u007f\u007f');
    await t.waitFor((f) => !f.includes('showing'));
    expect(cursorRow(t.frame())).toContain('Acknowledged #1932');
    await t.press('edit.submit');
    await t.press('item.delete');
    await t.waitFor((f) => f.includes('8 events'));
    expect(t.session().timeline.events.map((e) => e.id)).not.toContain('ack');
    expect(t.session().timeline.events.map((e) => e.id)).toContain('deploy');
  });

  it('comes back to the selected event when a filter that hid it is cleared with Esc', async () => {
    const t = await open();
    await goTo(t, 'Acknowledged #1932');
    await t.press('timeline.filter');
    await t.type('rol');
    await t.press('edit.submit');
    await t.waitFor((f) => f.includes('showing') && !f.includes('/ filter:'));
    // hidden by the filter: the nearest match after it is under the cursor
    expect(cursorRow(t.frame())).toContain('decision: roll back');
    await t.press('edit.cancel');
    await t.waitFor((f) => !f.includes('showing'));
    expect(cursorRow(t.frame())).toContain('Acknowledged #1932');
    // the same through the kind filter
    await t.press('timeline.filterKind');
    await t.waitFor((f) => f.includes('kind deploy'));
    await t.press('edit.cancel');
    await t.waitFor((f) => !f.includes('showing'));
    expect(cursorRow(t.frame())).toContain('Acknowledged #1932');
  });

  it('keeps the selection on its event through undo and redo of a change above it', async () => {
    const t = await open();
    await t.press('item.delete'); // Deploy 4821, the first row
    await t.waitFor((f) => f.includes('8 events'));
    await goTo(t, 'Acknowledged #1932');
    await t.press('app.undo'); // the deploy comes back above: the rows shift by one
    await t.waitFor((f) => f.includes('9 events'));
    expect(cursorRow(t.frame())).toContain('Acknowledged #1932');
    await t.press('app.redo');
    await t.waitFor((f) => f.includes('8 events'));
    expect(cursorRow(t.frame())).toContain('Acknowledged #1932');
  });

  it('falls back to the next row when the selected event is gone, and undo brings the selection back', async () => {
    const t = await open();
    await goTo(t, 'Acknowledged #1932');
    await t.press('item.delete');
    await t.waitFor((f) => f.includes('8 events'));
    expect(cursorRow(t.frame())).toContain('decision: roll back');
    await t.press('app.undo');
    await t.waitFor((f) => f.includes('9 events'));
    expect(cursorRow(t.frame())).toContain('Acknowledged #1932');
  });
});

// ---- 5 Whys ----

const addNode = (s: Session, id: string, parentId: string, question: string, answer: string, extra: Partial<WhyNode> = {}) =>
  reduce(s, {
    type: 'whys/add',
    node: { id, parentId, mode: 'why', question, answer, evidence: [], tags: [], mark: 'open', proposedBy: 'facilitator', factorId: null, ...extra },
  });

/** root -> w1 -> w2 -> w3 (deep), and root -> b1 */
function tree(): Session {
  let s = checkoutSession();
  s = { ...s, meeting: { ...s.meeting, step: 'whys' } };
  s = addNode(s, 'w1', 'root', 'Why did checkout return 5xx?', 'The database connection pool was exhausted');
  s = addNode(s, 'w2', 'w1', 'Why was the pool exhausted?', 'Each promo checkout ran a 1.9 s sequential scan');
  s = addNode(s, 'w3', 'w2', 'Why did the lookup scan the table?', 'The index does not cover lower(code)');
  s = addNode(s, 'b1', 'root', 'How did we notice?', 'A customer ticket, 5 minutes in', { mode: 'how' });
  return s;
}

const selected = (f: string) => lines(f).find((l) => l.startsWith('›')) ?? '';

describe('5 Whys: the selection is kept by node id', () => {
  const toDeep = async (t: Mounted<WhysUi>) => {
    for (let i = 0; i < 3; i++) await t.press('nav.down');
    expect(selected(t.frame())).toContain('L3 why: Why did the lookup scan the table?');
  };

  it('undo of a sibling added next to a deep node selects that node again, redo the sibling', async () => {
    const t = (m = await mount(whys, tree(), { columns: 100, rows: 40 })) as Mounted<WhysUi>;
    await toDeep(t);
    await t.press('whys.sibling');
    await t.waitFor((f) => f.includes('New why under'));
    await t.type('Promo codes are compared case-insensitively');
    await t.press('edit.submit');
    await t.waitFor((f) => f.includes('6 nodes'));
    expect(selected(t.frame())).toContain('→ Promo codes are compared');
    await t.press('app.undo');
    await t.waitFor((f) => f.includes('5 nodes'));
    expect(selected(t.frame())).toContain('L3 why: Why did the lookup scan the table?');
    await t.press('app.redo');
    await t.waitFor((f) => f.includes('6 nodes'));
    expect(selected(t.frame())).toContain('→ Promo codes are compared');
  });

  it('undo of a child added under a deep node selects that node, not the root', async () => {
    const t = (m = await mount(whys, tree(), { columns: 100, rows: 40 })) as Mounted<WhysUi>;
    await toDeep(t);
    await t.press('whys.acceptSuggestion');
    await t.waitFor((f) => f.includes('6 nodes'));
    expect(selected(t.frame())).toContain('L4 ');
    await t.press('app.undo');
    await t.waitFor((f) => f.includes('5 nodes'));
    expect(selected(t.frame())).toContain('L3 why: Why did the lookup scan the table?');
  });

  it('keeps a deep node selected through undo and redo of a change made elsewhere', async () => {
    const t = (m = await mount(whys, tree(), { columns: 100, rows: 40 })) as Mounted<WhysUi>;
    // a change on another branch, then back to the deep node
    for (let i = 0; i < 4; i++) await t.press('nav.down');
    expect(selected(t.frame())).toContain('How did we notice');
    await t.press('whys.mark');
    await t.waitFor(() => t.session().whys.nodes.b1?.mark === 'trigger');
    await t.press('nav.up');
    expect(selected(t.frame())).toContain('L3 why: Why did the lookup scan the table?');
    await t.press('app.undo');
    await t.waitFor(() => t.session().whys.nodes.b1?.mark === 'open');
    expect(selected(t.frame())).toContain('L3 why: Why did the lookup scan the table?');
    await t.press('app.redo');
    await t.waitFor(() => t.session().whys.nodes.b1?.mark === 'trigger');
    expect(selected(t.frame())).toContain('L3 why: Why did the lookup scan the table?');
  });
});

describe('5 Whys: the question a new child starts with', () => {
  const demo = (): Session => {
    const s = JSON.parse(readFileSync('demo/demo-session.json', 'utf8')) as Session;
    return { ...s, meeting: { ...s.meeting, step: 'whys' } };
  };
  const toPlan = async (t: Mounted<WhysUi>) => {
    for (let i = 0; i < 12 && !selected(t.frame()).includes('How does the release pipeline judge'); i++) await t.press('nav.down');
    expect(selected(t.frame())).toContain('How does the release pipeline judge');
  };

  it('pre-fills the offline assistant\'s first "why" proposal, never "Why <the answer>?" (demo session)', async () => {
    const s = demo();
    const t = (m = await mount(whys, s, { columns: 100, rows: 40 })) as Mounted<WhysUi>;
    await toPlan(t);
    const top = proposeNextQuestions(s, 'w-plan').find((p) => p.mode === 'why')!;
    expect(top).toBeDefined();
    await t.press('whys.child');
    const f = await t.waitFor((x) => x.includes('question:'));
    expect(f).not.toContain('Why It does not');
    expect(f).toContain('New why under How does the release pipeline');
    expect(f).toContain(`question: ${top.question.slice(0, 60)}`);
    const form = t.ui().mode;
    expect(form.kind === 'form' && form.fields.question.value).toBe(top.question);
    await t.type('A nightly job replays production query plans');
    await t.press('edit.submit');
    await t.waitFor(() => Object.keys(t.session().whys.nodes).length === Object.keys(s.whys.nodes).length + 1);
    const added = Object.values(t.session().whys.nodes).find((n) => n.parentId === 'w-plan')!;
    expect(added).toMatchObject({ question: top.question, mode: 'why', answer: 'A nightly job replays production query plans', proposedBy: 'offline' });
  });

  it('H pre-fills the first "how" proposal as a how node (demo session)', async () => {
    const s = demo();
    const t = (m = await mount(whys, s, { columns: 100, rows: 40 })) as Mounted<WhysUi>;
    await toPlan(t);
    const how = proposeNextQuestions(s, 'w-plan').find((p) => p.mode === 'how')!;
    expect(how).toBeDefined();
    await t.press('whys.childHow');
    const f = await t.waitFor((x) => x.includes('question:'));
    expect(f).toContain('New how under How does the release pipeline');
    expect(f).toContain(`question: ${how.question.slice(0, 60)}`);
  });

  it('pre-fills a neutral question when no proposal may be shown (presenter mode)', async () => {
    const t = (m = await mount(whys, demo(), { columns: 100, rows: 40 }, { presenter: true })) as Mounted<WhysUi>;
    await toPlan(t);
    await t.press('whys.child');
    const f = await t.waitFor((x) => x.includes('question:'));
    expect(f).toContain('New why under How does the release pipeline');
    expect(f).toContain('question: Why did that happen?');
    expect(f).not.toContain('Why It does not');
    t.unmount();
    // under the problem statement
    const r = (m = await mount(whys, demo(), { columns: 100, rows: 40 }, { presenter: true })) as Mounted<WhysUi>;
    await r.press('whys.child');
    await r.waitFor((x) => x.includes('question: Why did this happen?'));
  });
});
