// Adding newly reconstructed events to a session's timeline that the room may already have edited.
// Pure. Existing events keep their text, confirmations and edits; a new event that reports the same
// happening as an existing one (same kind, close in time, another source, alike in wording or sharing
// an id number) adds its sources to it; an event already present (same id) is skipped.
import type { Conflict, EventKind, TimelineEvent } from '../domain/schema.js';

const MIN = 60_000;

function window(kind: EventKind): number {
  return kind === 'deploy' ? 15 * MIN : kind === 'message' ? 0 : 5 * MIN;
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^a-z0-9_.]+/).filter((w) => w.length >= 3));
}

function alike(a: string, b: string): boolean {
  const wa = words(a);
  const wb = words(b);
  if (!wa.size || !wb.size) return false;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  if (shared / Math.min(wa.size, wb.size) >= 0.6) return true;
  // the same id number (deploy 4821, incident #1932, revision 4be1c9d)
  for (const w of wa) if (wb.has(w) && (/^\d{3,}$/.test(w) || /^[0-9a-f]{7,40}$/.test(w) && /\d/.test(w) && /[a-f]/.test(w))) return true;
  return false;
}

export interface SessionMerge {
  events: TimelineEvent[];
  added: number;
  joined: number;
  skipped: number;
}

export function mergeIntoTimeline(existing: TimelineEvent[], incoming: TimelineEvent[]): SessionMerge {
  const ids = new Set(existing.map((e) => e.id));
  const out = existing.map((e) => ({ ...e, sources: [...e.sources], conflicts: [...e.conflicts] }));
  const sourceKey = (s: { type: string; file: string; ref: string }) => `${s.type}\u0000${s.file}\u0000${s.ref}`;
  const citedBy = new Map<string, (typeof out)[number]>();
  for (const e of out) for (const s of e.sources) citedBy.set(sourceKey(s), e);
  const cited = { has: (k: string) => citedBy.has(k) };
  let added = 0;
  let joined = 0;
  let skipped = 0;
  for (const inc of incoming) {
    if (ids.has(inc.id) || inc.sources.every((s) => cited.has(sourceKey(s)))) {
      skipped++;
      continue;
    }
    const t = Date.parse(inc.occurredAt);
    const types = new Set(inc.sources.map((s) => s.type));
    const win = window(inc.kind);
    // an event that already cites one of these sources is the same happening
    let best: (typeof out)[number] | null = inc.sources.map((s) => citedBy.get(sourceKey(s))).find((e) => e !== undefined) ?? null;
    let bestDt = Infinity;
    if (!best && win > 0) {
      for (const e of out) {
        if (e.kind !== inc.kind) continue;
        const dt = Math.abs(Date.parse(e.occurredAt) - t);
        if (dt > win || dt >= bestDt) continue;
        if (e.sources.some((s) => types.has(s.type))) continue;
        if (!alike(e.text, inc.text)) continue;
        best = e;
        bestDt = dt;
      }
    }
    if (best) {
      const target = best;
      const newSources = inc.sources.filter((s) => !citedBy.has(sourceKey(s)));
      target.sources.push(...newSources);
      for (const s of newSources) citedBy.set(sourceKey(s), target);
      const bt = Date.parse(best.occurredAt);
      if (Math.abs(bt - t) > 2 * MIN && inc.kind !== 'deploy') {
        const c: Conflict = {
          field: 'occurredAt',
          values: [best.occurredAt, inc.occurredAt],
          sources: [best.sources[0] ? `${best.sources[0].type}:${best.sources[0].file}` : 'session', `${inc.sources[0]?.type}:${inc.sources[0]?.file}`],
          note: 'an imported source gives another time for this event',
          resolution: null,
        };
        best.conflicts.push(c);
      }
      if (!best.detectedAt && inc.detectedAt) best.detectedAt = inc.detectedAt;
      joined++;
      continue;
    }
    const copy = { ...inc, sources: [...inc.sources], conflicts: [...inc.conflicts] };
    out.push(copy);
    ids.add(inc.id);
    for (const s of inc.sources) citedBy.set(sourceKey(s), copy);
    added++;
  }
  out.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  return { events: out, added, joined, skipped };
}
