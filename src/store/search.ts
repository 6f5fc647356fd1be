// Past incidents: fuse.js over titles, services, factors and action items of every session in the
// folder (read from the cached summary index), and "similar incidents" for the console's panel.
import Fuse, { type FuseResult } from 'fuse.js';
import type { Session } from '../domain/schema.js';
import { oneLine } from '../domain/text.js';
import type { IndexedSession } from './summary.js';
import type { OpenAction, SearchHit, SearchOptions, SearchResult, SessionStore, SimilarIncident } from './types.js';
import path from 'node:path';

interface Doc {
  entry: IndexedSession;
  title: string;
  services: string[];
  factors: string[];
  actions: string[];
}

type Field = SearchHit['matches'][number]['field'];
const FIELDS: readonly Field[] = ['title', 'services', 'factors', 'actions'];

// One Fuse per index snapshot: the console searches the same folder many times.
const cache = new WeakMap<IndexedSession[], Fuse<Doc>>();
let lastEntries: IndexedSession[] | null = null;
let lastKey = '';

function keyOf(entries: IndexedSession[]): string {
  let k = `${entries.length}`;
  for (const e of entries) k += `|${e.file}:${e.mtimeMs}:${e.size}:${e.ino}`;
  return k;
}

function fuseFor(entries: IndexedSession[]): Fuse<Doc> {
  // reuse the previous Fuse when the folder has not changed since the last search
  const key = keyOf(entries);
  if (lastEntries && key === lastKey) {
    const f = cache.get(lastEntries);
    if (f) return f;
  }
  const docs: Doc[] = entries
    .filter((e) => !e.error)
    .map((e) => ({
      entry: e,
      title: oneLine(e.title),
      services: e.services.map(oneLine),
      factors: e.factors.map((f) => oneLine(f.text)),
      actions: e.actions.map((a) => oneLine(a.title)),
    }));
  const fuse = new Fuse(docs, {
    keys: [
      { name: 'title', weight: 2 },
      { name: 'services', weight: 1.5 },
      { name: 'factors', weight: 1 },
      { name: 'actions', weight: 1 },
    ],
    includeScore: true,
    includeMatches: true,
    ignoreLocation: true,
    threshold: 0.3,
    minMatchCharLength: 2,
    useTokenSearch: true,
    tokenMatch: 'any',
  });
  cache.set(entries, fuse);
  lastEntries = entries;
  lastKey = key;
  return fuse;
}

export function openActionsOf(e: IndexedSession): OpenAction[] {
  return e.actions
    .filter((a) => a.status !== 'done')
    .map((a) => ({ id: a.id, title: a.title, ownerRole: a.ownerRole, owner: a.owner, due: a.due }));
}

function hitOf(dir: string, r: FuseResult<Doc>): SearchHit {
  const e = r.item.entry;
  const seen = new Set<string>();
  const matches: SearchHit['matches'] = [];
  for (const m of r.matches ?? []) {
    const field = m.key as Field;
    if (!FIELDS.includes(field) || m.value === undefined) continue;
    const k = `${field}\u0000${m.value}`;
    if (seen.has(k)) continue;
    seen.add(k);
    matches.push({ field, value: m.value });
  }
  return {
    id: e.id,
    title: e.title,
    severity: e.severity,
    updatedAt: e.updatedAt,
    path: path.join(dir, e.file),
    score: Math.round((r.score ?? 1) * 1000) / 1000,
    matches,
    services: e.services,
    openActions: openActionsOf(e),
  };
}

/** Search the sessions folder. Pure over `entries` when given (the benchmark and tests pass them). */
export function searchEntries(dir: string, entries: IndexedSession[], query: string, opts: SearchOptions = {}): SearchResult {
  const q = oneLine(query);
  const exclude = new Set(opts.exclude ?? []);
  const limit = opts.limit ?? 10;
  if (!q) return { query: q, searched: entries.length, results: [] };
  const fuse = fuseFor(entries);
  const results = fuse
    .search(q)
    .filter((r) => !exclude.has(r.item.entry.id))
    .slice(0, limit)
    .map((r) => hitOf(dir, r));
  return { query: q, searched: entries.filter((e) => !e.error).length, results };
}

export async function searchSessions(store: SessionStore, query: string, opts: SearchOptions = {}): Promise<SearchResult> {
  return searchEntries(store.dir, await store.index(), query, opts);
}

const STOP = new Set(
  'the a an and or of to in on for with was were is are be been by at from as that this it its not no into than then when while which who why how what did does do had has have our we they their there after before during about over under via per all any only also'.split(' '),
);

/** content words of a phrase, lightly stemmed, for overlap between factors and titles */
export function words(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of oneLine(text).toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length < 3 || STOP.has(raw)) continue;
    out.add(raw.replace(/(ing|ed|es|s)$/, '') || raw);
  }
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const w of a) if (b.has(w)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Earlier incidents sharing services or with similar factors, most similar first. Pure over `entries`. */
export function similarFromEntries(dir: string, entries: IndexedSession[], session: Session, limit = 5): SimilarIncident[] {
  const myServices = new Map(session.incident.services.map((s) => [s.trim().toLowerCase(), s]));
  const myFactors = session.factors.map((f) => ({ text: f.text, words: words(f.text), category: f.category }));
  const myTitle = words(session.incident.title);
  const out: SimilarIncident[] = [];
  for (const e of entries) {
    if (e.error || e.id === session.id) continue;
    const sharedServices = e.services.filter((s) => myServices.has(s.trim().toLowerCase()));
    const similarFactors: SimilarIncident['similarFactors'] = [];
    let factorScore = 0;
    for (const mine of myFactors) {
      let best = 0;
      let bestText = '';
      for (const theirs of e.factors) {
        let sim = jaccard(mine.words, words(theirs.text));
        if (sim > 0 && mine.category && mine.category === theirs.category) sim += 0.1;
        if (sim > best) {
          best = sim;
          bestText = theirs.text;
        }
      }
      if (best >= 0.25) {
        similarFactors.push({ mine: mine.text, theirs: bestText });
        factorScore += best;
      }
    }
    const titleSim = jaccard(myTitle, words(e.title));
    const score = sharedServices.length * 1 + factorScore * 2 + (titleSim >= 0.2 ? titleSim : 0);
    if (score <= 0) continue;
    out.push({
      id: e.id,
      title: e.title,
      severity: e.severity,
      updatedAt: e.updatedAt,
      path: path.join(dir, e.file),
      score: Math.round(score * 1000) / 1000,
      sharedServices,
      similarFactors,
      openActions: openActionsOf(e),
    });
  }
  return out.sort((a, b) => b.score - a.score || (a.updatedAt < b.updatedAt ? 1 : -1)).slice(0, limit);
}

export async function similarIncidents(store: SessionStore, session: Session, opts: { limit?: number } = {}): Promise<SimilarIncident[]> {
  return similarFromEntries(store.dir, await store.index(), session, opts.limit ?? 5);
}
