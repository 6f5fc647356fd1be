import { describe, expect, it } from 'vitest';
import { reduce, sortEvents } from '../../src/domain/reducer.js';
import { createSession, problemStatement, stepElapsed, meetingElapsed, slugify, isSafeSessionId } from '../../src/domain/session.js';
import { HISTORY_LIMIT, initHistory, record, redo, undo } from '../../src/domain/history.js';
import { SessionSchema, type TimelineEvent } from '../../src/domain/schema.js';
import { migrate } from '../../src/domain/migrate.js';
import type { Dispatchable } from '../../src/domain/actions.js';

const T0 = '2024-03-12T14:00:00.000Z';
const ev = (id: string, at: string, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({
  id,
  occurredAt: at,
  detectedAt: null,
  precision: 'second',
  kind: 'message',
  actor: null,
  text: `event ${id}`,
  sources: [{ type: 'slack', file: 'x.json', ref: id }],
  conflicts: [],
  confirmed: false,
  ...extra,
});

function run(actions: Dispatchable[]) {
  return actions.reduce(reduce, createSession({ id: 'inc-1', now: T0 }));
}

describe('createSession', () => {
  it('produces a session that validates against the schema', () => {
    const s = createSession({ id: 'checkout-5xx', now: T0, incident: { title: 'Checkout 5xx', severity: 'SEV1' } });
    expect(SessionSchema.safeParse(s).success).toBe(true);
    expect(s.meeting.timeboxes.whys).toBe(25);
    expect(s.whys.nodes[s.whys.rootId]?.question).toBe(problemStatement(s.incident));
  });
});

describe('reducer', () => {
  it('returns the same object for an action that changes nothing', () => {
    const s = createSession({ id: 'a', now: T0 });
    expect(reduce(s, { type: 'timeline/confirm', ids: ['nope'], confirmed: true })).toBe(s);
    expect(reduce(s, { type: 'meeting/goto', step: 'intake', at: T0 })).toBe(s);
  });

  it('stamps updatedAt from the action instant', () => {
    const s = run([{ type: 'incident/update', patch: { title: 'X' }, at: '2024-03-13T00:00:00.000Z' }]);
    expect(s.updatedAt).toBe('2024-03-13T00:00:00.000Z');
  });

  it('keeps the root question following the summary until the room edits it', () => {
    let s = run([{ type: 'incident/update', patch: { summary: 'checkout returned 5xx' } }]);
    expect(s.whys.nodes.root?.question).toContain('checkout returned 5xx');
    s = reduce(s, { type: 'whys/edit', id: 'root', patch: { question: 'Why did checkout fail?' } });
    s = reduce(s, { type: 'incident/update', patch: { summary: 'something else' } });
    expect(s.whys.nodes.root?.question).toBe('Why did checkout fail?');
  });

  it('accumulates step time across goto, pause and resume', () => {
    const s = run([
      { type: 'meeting/resume', at: '2024-03-20T10:00:00.000Z' },
      { type: 'meeting/goto', step: 'timeline', at: '2024-03-20T10:05:00.000Z' },
      { type: 'meeting/pause', at: '2024-03-20T10:15:00.000Z' },
      { type: 'meeting/resume', at: '2024-03-25T09:00:00.000Z' },
    ]);
    expect(s.meeting.clock.spent.intake).toBe(5 * 60_000);
    expect(s.meeting.clock.spent.timeline).toBe(10 * 60_000);
    expect(s.meeting.done).toContain('intake');
    expect(stepElapsed(s, 'timeline', Date.parse('2024-03-25T09:02:00.000Z'))).toBe(12 * 60_000);
    expect(meetingElapsed(s, Date.parse('2024-03-25T09:02:00.000Z'))).toBe(17 * 60_000);
  });

  it('adds, sorts, confirms, edits and deletes timeline events', () => {
    let s = run([
      { type: 'timeline/add', event: ev('b', '2024-03-12T14:10:00.000Z') },
      { type: 'timeline/add', event: ev('a', '2024-03-12T14:05:00.000Z') },
    ]);
    expect(s.timeline.events.map((e) => e.id)).toEqual(['a', 'b']);
    s = reduce(s, { type: 'timeline/confirm', ids: ['a', 'b'], confirmed: true });
    expect(s.timeline.events.every((e) => e.confirmed)).toBe(true);
    s = reduce(s, { type: 'timeline/edit', id: 'a', patch: { occurredAt: '2024-03-12T14:20:00.000Z' } });
    expect(s.timeline.events.map((e) => e.id)).toEqual(['b', 'a']);
    s = reduce(s, { type: 'timeline/moment', key: 'detected', eventId: 'b', time: '2024-03-12T14:10:00.000Z' });
    s = reduce(s, { type: 'timeline/delete', ids: ['b'] });
    expect(s.timeline.events.map((e) => e.id)).toEqual(['a']);
    expect(s.timeline.moments.detected?.eventId).toBeNull();
  });

  it('merges events: union of sources, earliest time, a conflict for differing times, references repointed', () => {
    let s = run([
      { type: 'timeline/add', event: ev('gh', '2024-03-12T13:58:00.000Z', { kind: 'deploy', sources: [{ type: 'github', file: 'd.json', ref: '4821' }] }) },
      { type: 'timeline/add', event: ev('k8s', '2024-03-12T13:58:30.000Z', { kind: 'deploy', sources: [{ type: 'k8s', file: 'e.json', ref: 'ev1' }] }) },
      { type: 'timeline/moment', key: 'impactStart', eventId: 'k8s', time: '2024-03-12T13:58:30.000Z' },
    ]);
    s = reduce(s, { type: 'timeline/merge', ids: ['gh', 'k8s'], into: 'gh' });
    expect(s.timeline.events).toHaveLength(1);
    const [m] = s.timeline.events;
    expect(m?.sources.map((x) => x.type)).toEqual(['github', 'k8s']);
    expect(m?.occurredAt).toBe('2024-03-12T13:58:00.000Z');
    expect(m?.conflicts[0]?.field).toBe('occurredAt');
    expect(m?.conflicts[0]?.values).toHaveLength(2);
    expect(s.timeline.moments.impactStart?.eventId).toBe('gh');
  });

  it('records a conflict resolution with the trusted source', () => {
    let s = run([
      { type: 'timeline/add', event: ev('x', T0, { conflicts: [{ field: 'occurredAt', values: [T0, '2024-03-12T14:01:00.000Z'], note: 'skew', resolution: null }] }) },
    ]);
    s = reduce(s, { type: 'timeline/resolveConflict', eventId: 'x', field: 'occurredAt', value: '2024-03-12T14:01:00.000Z', trustedSource: 'pagerduty', at: T0 });
    expect(s.timeline.events[0]?.occurredAt).toBe('2024-03-12T14:01:00.000Z');
    expect(s.timeline.events[0]?.conflicts[0]?.resolution?.trustedSource).toBe('pagerduty');
  });

  it('splits an event in two', () => {
    let s = run([{ type: 'timeline/add', event: ev('x', T0) }]);
    s = reduce(s, { type: 'timeline/split', id: 'x', newId: 'y', texts: ['first half', 'second half'] });
    expect(s.timeline.events.map((e) => [e.id, e.text])).toEqual([
      ['x', 'first half'],
      ['y', 'second half'],
    ]);
  });

  it('ignores a re-import of the same source hash', () => {
    const source = { id: 'src1', path: 'a.json', types: ['slack' as const], hash: 'h1', importedAt: T0, eventCount: 1, warnings: [] };
    let s = run([{ type: 'timeline/import', source, events: [ev('a', T0)], series: [] }]);
    const again = reduce(s, { type: 'timeline/import', source: { ...source, id: 'src2' }, events: [], series: [] });
    expect(again).toBe(s);
    expect(s.sources).toHaveLength(1);
  });

  it('builds a branching why-tree, promotes a node to a factor and deletes subtrees', () => {
    const node = (id: string, parentId: string) => ({
      id,
      parentId,
      mode: 'why' as const,
      question: `why ${id}?`,
      answer: `answer ${id}`,
      evidence: [],
      tags: [],
      mark: 'open' as const,
      proposedBy: 'facilitator' as const,
    });
    let s = run([
      { type: 'whys/add', node: node('n1', 'root') },
      { type: 'whys/add', node: node('n2', 'n1') },
      { type: 'whys/add', node: node('n3', 'n1') },
      { type: 'whys/add', node: node('n4', 'n2') },
    ]);
    expect(s.whys.nodes.n1?.children).toEqual(['n2', 'n3']);
    s = reduce(s, { type: 'whys/promote', id: 'n4', factorId: 'f1', factorType: 'systemic' });
    expect(s.factors[0]).toMatchObject({ id: 'f1', type: 'systemic', whyNodes: ['n4'], text: 'answer n4' });
    expect(s.whys.nodes.n4?.mark).toBe('systemic');
    s = reduce(s, { type: 'actions/add', item: { id: 'a1', title: 't', doneWhen: 'd', ownerRole: 'SRE', owner: null, due: '2024-04-01', horizon: 'short', priority: 'P2', factors: ['f1'], tracker: null, status: 'open' } });
    s = reduce(s, { type: 'whys/delete', id: 'n2' });
    expect(Object.keys(s.whys.nodes).sort()).toEqual(['n1', 'n3', 'root']);
    expect(s.factors[0]?.whyNodes).toEqual([]);
    s = reduce(s, { type: 'factors/delete', id: 'f1' });
    expect(s.actions[0]?.factors).toEqual([]);
    expect(reduce(s, { type: 'whys/delete', id: 'root' })).toBe(s);
  });

  it('sortEvents is stable for ties', () => {
    const sorted = sortEvents([ev('1', T0), ev('0', '2024-03-12T13:00:00.000Z'), ev('2', T0)]);
    expect(sorted.map((e) => e.id)).toEqual(['0', '1', '2']);
  });
});

describe('history', () => {
  it('undoes and redoes, and drops redo on a new action', () => {
    let h = initHistory(createSession({ id: 'a', now: T0 }));
    h = record(h, { type: 'incident/update', patch: { title: 'one' } });
    h = record(h, { type: 'incident/update', patch: { title: 'two' } });
    h = undo(h);
    expect(h.present.incident.title).toBe('one');
    h = redo(h);
    expect(h.present.incident.title).toBe('two');
    h = undo(h);
    h = record(h, { type: 'incident/update', patch: { title: 'three' } });
    expect(h.future).toHaveLength(0);
    expect(redo(h)).toBe(h);
  });

  it('keeps at most the last 100 actions', () => {
    let h = initHistory(createSession({ id: 'a', now: T0 }));
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) h = record(h, { type: 'incident/update', patch: { title: `t${i}` } });
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) h = undo(h);
    expect(h.present.incident.title).toBe('t19');
  });

  it('does not record no-op actions', () => {
    const h = initHistory(createSession({ id: 'a', now: T0 }));
    expect(record(h, { type: 'timeline/delete', ids: ['missing'] })).toBe(h);
  });
});

describe('migrate and ids', () => {
  it('migrates an unversioned file and refuses a newer one', () => {
    const r = migrate({ id: 'x' });
    expect(r.ok && r.data.schemaVersion).toBe(1);
    expect(migrate({ schemaVersion: 99 })).toEqual({ ok: false, reason: 'newer', found: 99 });
    expect(migrate('nope').ok).toBe(false);
  });

  it('makes safe ids', () => {
    expect(slugify('Checkout 5xx: pool exhaustion!')).toBe('checkout-5xx-pool-exhaustion');
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
    expect(isSafeSessionId('../x')).toBe(false);
    expect(isSafeSessionId('ok-1')).toBe(true);
  });
});

describe('meeting/goto and done steps', () => {
  it('Tab (done) marks the step left; a jump or a step back (done: false) does not', async () => {
    const { createSession } = await import('../../src/domain/session.js');
    const { reduce } = await import('../../src/domain/reducer.js');
    let s = createSession({ id: 'g', now: '2026-11-20T10:00:00.000Z' });
    s = reduce(s, { type: 'meeting/goto', step: 'timeline', at: '2026-11-20T10:01:00.000Z' });
    expect(s.meeting.done).toEqual(['intake']);
    s = reduce(s, { type: 'meeting/goto', step: 'review', at: '2026-11-20T10:02:00.000Z', done: false });
    expect(s.meeting.done).toEqual(['intake']);
    s = reduce(s, { type: 'meeting/goto', step: 'comms', at: '2026-11-20T10:03:00.000Z', done: false });
    expect(s.meeting.done).toEqual(['intake']);
    expect(s.meeting.step).toBe('comms');
  });
});
