// The one reducer: (session, action) -> session. Pure, exhaustive, structurally shared.
import type { Action, Dispatchable } from './actions.js';
import { MOMENT_KEYS, type Conflict, type Session, type TimelineEvent, type WhyNode, type Mark } from './schema.js';
import { problemStatement } from './session.js';

/** Stable sort by occurredAt; ties keep their existing (source) order. */
export function sortEvents(events: TimelineEvent[]): TimelineEvent[] {
  return events
    .map((e, i) => [e, i, Date.parse(e.occurredAt)] as const)
    .sort((a, b) => a[2] - b[2] || a[1] - b[1])
    .map(([e]) => e);
}

function addElapsed(session: Session, at: string): Session['meeting']['clock'] {
  const { clock, step } = session.meeting;
  if (!clock.enteredAt) return clock;
  const ms = Math.max(0, Date.parse(at) - Date.parse(clock.enteredAt));
  return { ...clock, spent: { ...clock.spent, [step]: (clock.spent[step] ?? 0) + ms }, enteredAt: null };
}

function withoutEventRefs(session: Session, removed: Set<string>, replacement: string | null): Session {
  const swap = (ids: string[]) => {
    const out: string[] = [];
    for (const id of ids) {
      const next = removed.has(id) ? replacement : id;
      if (next && !out.includes(next)) out.push(next);
    }
    return out;
  };
  const moments = { ...session.timeline.moments };
  for (const key of MOMENT_KEYS) {
    const m = moments[key];
    if (m?.eventId && removed.has(m.eventId)) moments[key] = replacement ? { ...m, eventId: replacement } : { ...m, eventId: null };
  }
  const nodes: Record<string, WhyNode> = {};
  for (const [id, n] of Object.entries(session.whys.nodes)) {
    nodes[id] = n.evidence.some((e) => removed.has(e)) ? { ...n, evidence: swap(n.evidence) } : n;
  }
  return {
    ...session,
    timeline: { ...session.timeline, moments },
    whys: { ...session.whys, nodes },
    factors: session.factors.map((f) => (f.evidence.some((e) => removed.has(e)) ? { ...f, evidence: swap(f.evidence) } : f)),
  };
}

function mapEvent(session: Session, id: string, fn: (e: TimelineEvent) => TimelineEvent): Session {
  let found = false;
  const events = session.timeline.events.map((e) => {
    if (e.id !== id) return e;
    found = true;
    return fn(e);
  });
  return found ? { ...session, timeline: { ...session.timeline, events } } : session;
}

function subtree(nodes: Record<string, WhyNode>, id: string): string[] {
  const out: string[] = [];
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    const n = nodes[cur];
    if (!n) continue;
    out.push(cur);
    stack.push(...n.children);
  }
  return out;
}

function mergeEvents(events: TimelineEvent[], into: TimelineEvent): TimelineEvent {
  const sources = [...into.sources];
  const conflicts: Conflict[] = [...into.conflicts];
  let occurred = Date.parse(into.occurredAt);
  let detected = into.detectedAt ? Date.parse(into.detectedAt) : NaN;
  const texts = [into.text];
  for (const e of events) {
    if (e.id === into.id) continue;
    for (const s of e.sources) if (!sources.some((x) => x.type === s.type && x.ref === s.ref && x.file === s.file)) sources.push(s);
    conflicts.push(...e.conflicts);
    const t = Date.parse(e.occurredAt);
    if (t !== Date.parse(into.occurredAt)) {
      const existing = conflicts.find((c) => c.field === 'occurredAt' && !c.resolution);
      const label = e.sources[0]?.type ?? 'manual';
      if (existing) {
        if (!existing.values.includes(e.occurredAt)) {
          existing.values = [...existing.values, e.occurredAt];
          existing.sources = [...(existing.sources ?? []), label];
        }
      } else {
        conflicts.push({
          field: 'occurredAt',
          values: [into.occurredAt, e.occurredAt],
          sources: [into.sources[0]?.type ?? 'manual', label],
          note: 'merged events gave different times',
          resolution: null,
        });
      }
    }
    occurred = Math.min(occurred, t);
    if (e.detectedAt) detected = Number.isNaN(detected) ? Date.parse(e.detectedAt) : Math.min(detected, Date.parse(e.detectedAt));
    if (e.text && !texts.includes(e.text)) texts.push(e.text);
  }
  return {
    ...into,
    occurredAt: new Date(occurred).toISOString(),
    detectedAt: Number.isNaN(detected) || detected <= occurred ? null : new Date(detected).toISOString(),
    text: texts.join(' / '),
    sources,
    conflicts,
  };
}

const MARK_FOR_FACTOR: Record<string, Mark> = { trigger: 'trigger', contributing: 'contributing', systemic: 'systemic' };

export function reduce(session: Session, action: Dispatchable): Session {
  const next = apply(session, action);
  if (next === session) return session;
  return action.at ? { ...next, updatedAt: action.at } : next;
}

function apply(s: Session, a: Action): Session {
  switch (a.type) {
    case 'incident/update': {
      const incident = { ...s.incident, ...a.patch };
      const root = s.whys.nodes[s.whys.rootId];
      let whys = s.whys;
      // the root question follows the summary until the room edits it
      if (root && root.question === problemStatement(s.incident) && (a.patch.summary !== undefined || a.patch.title !== undefined)) {
        whys = { ...whys, nodes: { ...whys.nodes, [root.id]: { ...root, question: problemStatement(incident) } } };
      }
      return { ...s, incident, whys };
    }

    case 'meeting/goto': {
      if (a.step === s.meeting.step) return s;
      const clock = addElapsed(s, a.at);
      const done = a.done === false || s.meeting.done.includes(s.meeting.step) ? s.meeting.done : [...s.meeting.done, s.meeting.step];
      return {
        ...s,
        meeting: { ...s.meeting, step: a.step, done, clock: { ...clock, startedAt: clock.startedAt ?? a.at, enteredAt: a.at } },
      };
    }
    case 'meeting/setDone': {
      const has = s.meeting.done.includes(a.step);
      if (has === a.done) return s;
      const done = a.done ? [...s.meeting.done, a.step] : s.meeting.done.filter((x) => x !== a.step);
      return { ...s, meeting: { ...s.meeting, done } };
    }
    case 'meeting/resume': {
      const { clock } = s.meeting;
      return { ...s, meeting: { ...s.meeting, clock: { ...clock, startedAt: clock.startedAt ?? a.at, enteredAt: a.at } } };
    }
    case 'meeting/pause':
      return s.meeting.clock.enteredAt ? { ...s, meeting: { ...s.meeting, clock: addElapsed(s, a.at) } } : s;
    case 'meeting/addAttendee': {
      const attendees = s.meeting.attendees.filter((x) => x.name !== a.attendee.name);
      return { ...s, meeting: { ...s.meeting, attendees: [...attendees, a.attendee] } };
    }
    case 'meeting/removeAttendee':
      return { ...s, meeting: { ...s.meeting, attendees: s.meeting.attendees.filter((x) => x.name !== a.name) } };
    case 'meeting/timebox':
      return { ...s, meeting: { ...s.meeting, timeboxes: { ...s.meeting.timeboxes, [a.step]: Math.max(0, a.minutes) } } };
    case 'meeting/park':
      return { ...s, meeting: { ...s.meeting, parkingLot: [...s.meeting.parkingLot, { id: a.id, text: a.text, step: s.meeting.step, at: a.at }] } };
    case 'meeting/decide':
      return { ...s, meeting: { ...s.meeting, decisions: [...s.meeting.decisions, { id: a.id, text: a.text, step: s.meeting.step, at: a.at }] } };
    case 'meeting/removeNote':
      return { ...s, meeting: { ...s.meeting, [a.list]: s.meeting[a.list].filter((n) => n.id !== a.id) } };
    case 'meeting/spoke': {
      const cur = s.meeting.spoken[a.step] ?? [];
      const list = a.spoke ? (cur.includes(a.name) ? cur : [...cur, a.name]) : cur.filter((n) => n !== a.name);
      return { ...s, meeting: { ...s.meeting, spoken: { ...s.meeting.spoken, [a.step]: list } } };
    }
    case 'meeting/consent':
      return { ...s, meeting: { ...s.meeting, aiConsent: { granted: a.granted, provider: a.provider, at: a.at } } };

    case 'timeline/import': {
      if (s.sources.some((x) => x.hash === a.source.hash)) return s;
      const moments = { ...s.timeline.moments };
      for (const key of MOMENT_KEYS) {
        const proposed = a.moments?.[key];
        if (proposed && !moments[key]?.confirmed) moments[key] = proposed;
      }
      const seriesIds = new Set(s.timeline.series.map((x) => x.id));
      return {
        ...s,
        sources: [...s.sources, a.source],
        timeline: {
          ...s.timeline,
          events: sortEvents(a.events),
          series: [...s.timeline.series, ...a.series.filter((x) => !seriesIds.has(x.id))],
          moments,
          precision: a.precision ?? s.timeline.precision,
        },
      };
    }
    case 'timeline/add':
      if (s.timeline.events.some((e) => e.id === a.event.id)) return s;
      return { ...s, timeline: { ...s.timeline, events: sortEvents([...s.timeline.events, a.event]) } };
    case 'timeline/edit': {
      const next = mapEvent(s, a.id, (e) => ({ ...e, ...a.patch }));
      if (next === s) return s;
      return a.patch.occurredAt ? { ...next, timeline: { ...next.timeline, events: sortEvents(next.timeline.events) } } : next;
    }
    case 'timeline/confirm': {
      const ids = new Set(a.ids);
      let changed = false;
      const events = s.timeline.events.map((e) => {
        if (!ids.has(e.id) || e.confirmed === a.confirmed) return e;
        changed = true;
        return { ...e, confirmed: a.confirmed };
      });
      return changed ? { ...s, timeline: { ...s.timeline, events } } : s;
    }
    case 'timeline/delete': {
      const ids = new Set(a.ids);
      const events = s.timeline.events.filter((e) => !ids.has(e.id));
      if (events.length === s.timeline.events.length) return s;
      const next = withoutEventRefs(s, ids, null);
      return { ...next, timeline: { ...next.timeline, events } };
    }
    case 'timeline/merge': {
      const ids = new Set(a.ids);
      const picked = s.timeline.events.filter((e) => ids.has(e.id));
      const into = picked.find((e) => e.id === a.into);
      if (!into || picked.length < 2) return s;
      const merged = mergeEvents(picked, into);
      const others = new Set(picked.map((e) => e.id).filter((id) => id !== a.into));
      const events = sortEvents(s.timeline.events.filter((e) => !others.has(e.id)).map((e) => (e.id === a.into ? merged : e)));
      const next = withoutEventRefs(s, others, a.into);
      return { ...next, timeline: { ...next.timeline, events } };
    }
    case 'timeline/split': {
      const idx = s.timeline.events.findIndex((e) => e.id === a.id);
      const orig = s.timeline.events[idx];
      if (!orig || s.timeline.events.some((e) => e.id === a.newId)) return s;
      const first: TimelineEvent = { ...orig, text: a.texts[0], confirmed: false };
      const second: TimelineEvent = { ...orig, id: a.newId, text: a.texts[1], confirmed: false, conflicts: [] };
      const events = [...s.timeline.events];
      events.splice(idx, 1, first, second);
      return { ...s, timeline: { ...s.timeline, events } };
    }
    case 'timeline/moment': {
      const moments = { ...s.timeline.moments };
      if (!a.time) moments[a.key] = null;
      else moments[a.key] = { at: a.time, eventId: a.eventId, evidence: a.evidence ?? 'set in the meeting', confirmed: true };
      return { ...s, timeline: { ...s.timeline, moments } };
    }
    case 'timeline/resolveConflict':
      return mapEvent(s, a.eventId, (e) => {
        const conflicts = e.conflicts.map((c) =>
          c.field === a.field ? { ...c, resolution: { value: a.value, trustedSource: a.trustedSource, at: a.at } } : c,
        );
        const patch: Partial<TimelineEvent> = {};
        if (a.field === 'occurredAt' || a.field === 'detectedAt') patch[a.field] = a.value;
        else if (a.field === 'actor') patch.actor = a.value;
        else if (a.field === 'text') patch.text = a.value;
        return { ...e, ...patch, conflicts };
      });
    case 'timeline/precision':
      return { ...s, timeline: { ...s.timeline, precision: a.precision } };

    case 'whys/add': {
      const parent = a.node.parentId ? s.whys.nodes[a.node.parentId] : undefined;
      if (!parent || s.whys.nodes[a.node.id]) return s;
      const children = [...parent.children];
      children.splice(a.index ?? children.length, 0, a.node.id);
      return {
        ...s,
        whys: {
          ...s.whys,
          nodes: { ...s.whys.nodes, [parent.id]: { ...parent, children }, [a.node.id]: { ...a.node, children: [] } },
        },
      };
    }
    case 'whys/edit': {
      const n = s.whys.nodes[a.id];
      if (!n) return s;
      return { ...s, whys: { ...s.whys, nodes: { ...s.whys.nodes, [a.id]: { ...n, ...a.patch } } } };
    }
    case 'whys/mark': {
      const n = s.whys.nodes[a.id];
      if (!n || n.mark === a.mark) return s;
      return { ...s, whys: { ...s.whys, nodes: { ...s.whys.nodes, [a.id]: { ...n, mark: a.mark } } } };
    }
    case 'whys/tag': {
      const n = s.whys.nodes[a.id];
      if (!n || n.tags.includes(a.tag) === a.on) return s;
      const tags = a.on ? [...n.tags, a.tag] : n.tags.filter((t) => t !== a.tag);
      return { ...s, whys: { ...s.whys, nodes: { ...s.whys.nodes, [a.id]: { ...n, tags } } } };
    }
    case 'whys/delete': {
      const n = s.whys.nodes[a.id];
      if (!n || a.id === s.whys.rootId || !n.parentId) return s;
      const gone = new Set(subtree(s.whys.nodes, a.id));
      const nodes: Record<string, WhyNode> = {};
      for (const [id, node] of Object.entries(s.whys.nodes)) if (!gone.has(id)) nodes[id] = node;
      const parent = nodes[n.parentId]!;
      nodes[parent.id] = { ...parent, children: parent.children.filter((c) => c !== a.id) };
      return {
        ...s,
        whys: { ...s.whys, nodes },
        factors: s.factors.map((f) => (f.whyNodes.some((w) => gone.has(w)) ? { ...f, whyNodes: f.whyNodes.filter((w) => !gone.has(w)) } : f)),
      };
    }
    case 'whys/promote': {
      const n = s.whys.nodes[a.id];
      if (!n || n.factorId) return s;
      const factor = {
        id: a.factorId,
        text: (n.answer || n.question).trim(),
        type: a.factorType,
        category: n.tags[0] ?? null,
        whyNodes: [n.id],
        evidence: [...n.evidence],
      };
      const mark = MARK_FOR_FACTOR[a.factorType] ?? n.mark;
      return {
        ...s,
        whys: { ...s.whys, nodes: { ...s.whys.nodes, [n.id]: { ...n, factorId: a.factorId, mark } } },
        factors: [...s.factors, factor],
      };
    }

    case 'factors/add':
      if (s.factors.some((f) => f.id === a.factor.id)) return s;
      return { ...s, factors: [...s.factors, a.factor] };
    case 'factors/edit':
      return { ...s, factors: s.factors.map((f) => (f.id === a.id ? { ...f, ...a.patch } : f)) };
    case 'factors/delete': {
      if (!s.factors.some((f) => f.id === a.id)) return s;
      const nodes: Record<string, WhyNode> = {};
      for (const [id, node] of Object.entries(s.whys.nodes)) nodes[id] = node.factorId === a.id ? { ...node, factorId: null } : node;
      return {
        ...s,
        factors: s.factors.filter((f) => f.id !== a.id),
        actions: s.actions.map((x) => (x.factors.includes(a.id) ? { ...x, factors: x.factors.filter((f) => f !== a.id) } : x)),
        whys: { ...s.whys, nodes },
      };
    }

    case 'actions/add':
      if (s.actions.some((x) => x.id === a.item.id)) return s;
      return { ...s, actions: [...s.actions, a.item] };
    case 'actions/edit':
      return { ...s, actions: s.actions.map((x) => (x.id === a.id ? { ...x, ...a.patch } : x)) };
    case 'actions/delete':
      return { ...s, actions: s.actions.filter((x) => x.id !== a.id) };

    case 'impact/inputs':
      return { ...s, impact: { ...s.impact, inputs: { ...s.impact.inputs, ...a.patch } } };
    case 'impact/slo':
      return { ...s, impact: { ...s.impact, slo: a.slo } };
    case 'comms/edit': {
      const edits = { ...s.comms.edits };
      if (a.text === null) delete edits[a.key];
      else edits[a.key] = a.text;
      return { ...s, comms: { ...s.comms, edits } };
    }
    case 'review/add':
      if (!a.text.trim()) return s;
      return { ...s, review: { ...s.review, [a.list]: [...s.review[a.list], a.text.trim()] } };
    case 'review/edit':
      return { ...s, review: { ...s.review, [a.list]: s.review[a.list].map((t, i) => (i === a.index ? a.text : t)) } };
    case 'review/remove':
      return { ...s, review: { ...s.review, [a.list]: s.review[a.list].filter((_, i) => i !== a.index) } };
    case 'review/exported':
      return { ...s, review: { ...s.review, exportedAt: a.at } };
  }
  const unreachable: never = a;
  return unreachable;
}
