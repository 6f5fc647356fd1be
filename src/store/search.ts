// Past incidents: fuse.js over titles, services, factors and action items of every session in the
// folder (read from the cached summary index), and "similar incidents" for the console's panel.
import type Fuse from 'fuse.js';
import type { Session } from '../domain/schema.js';
import { oneLine } from '../domain/text.js';
import type { IndexedSession } from './summary.js';
import type { OpenAction, SearchHit, SearchOptions, SearchResult, SessionStore, SimilarIncident } from './types.js';
import path from 'node:path';

type Field = SearchHit['matches'][number]['field'];
const WEIGHT: Record<Field, number> = { title: 2, services: 1.5, factors: 1, actions: 1 };

/**
 * The lightweight index: an inverted index from each word of the titles, services, factors and
 * action items to where it occurs, and fuse.js over the (small) vocabulary for fuzzy word matching.
 * Searching is then a few fuse lookups over distinct words plus posting-list walks, instead of fuzzy
 * matching every field of every session.
 */
interface WordIndex {
  entries: IndexedSession[];
  /** word -> occurrences, each `doc * 4 + field` (one per field of a session) */
  postings: Map<string, number[]>;
  vocab: Fuse<string>;
}

const TOKEN = /[\p{L}\p{N}]+/gu;
function tokens(text: string): string[] {
  // letters and digits only, so escape sequences cannot survive into a token; no full sanitise needed
  const out: string[] = [];
  for (const w of text.toLowerCase().match(TOKEN) ?? []) if (w.length >= 2) out.push(w);
  return out;
}

// One index per folder snapshot: the console searches the same folder many times.
let last: { key: string; index: WordIndex } | null = null;

/** forget the cached word index (the benchmark uses it to time a search as a fresh process pays it) */
export function resetSearchCache(): void {
  last = null;
}

function keyOf(dir: string, entries: IndexedSession[]): string {
  let k = `${dir}|${entries.length}`;
  for (const e of entries) k += `|${e.file}:${e.mtimeMs}:${e.size}:${e.ino}`;
  return k;
}

const FIELD_ORDER: readonly Field[] = ['title', 'services', 'factors', 'actions'];

function fieldTexts(e: IndexedSession, field: Field): string[] {
  switch (field) {
    case 'title':
      return [e.title];
    case 'services':
      return e.services;
    case 'factors':
      return e.factors.map((f) => f.text);
    default:
      return e.actions.map((a) => a.title);
  }
}

// fuse.js is loaded on the first search, so opening the console does not pay for it
let FuseClass: typeof Fuse | null = null;
async function loadFuse(): Promise<typeof Fuse> {
  FuseClass ??= (await import('fuse.js')).default;
  return FuseClass;
}

function buildIndex(entries: IndexedSession[], FuseCtor: typeof Fuse): WordIndex {
  const postings = new Map<string, number[]>();
  entries.forEach((e, doc) => {
    if (e.error) return;
    FIELD_ORDER.forEach((field, fi) => {
      const code = doc * 4 + fi;
      for (const text of fieldTexts(e, field)) {
        for (const w of tokens(text)) {
          const list = postings.get(w);
          if (!list) postings.set(w, [code]);
          else if (list[list.length - 1] !== code) list.push(code);
        }
      }
    });
  });
  const vocab = new FuseCtor([...postings.keys()], { includeScore: true, threshold: 0.34, ignoreLocation: true, minMatchCharLength: 2 });
  return { entries, postings, vocab };
}

/** the texts of a session that hold any of `words`, for showing what matched */
function matchesIn(e: IndexedSession, words: Set<string>): SearchHit['matches'] {
  const out: SearchHit['matches'] = [];
  for (const field of FIELD_ORDER) {
    for (const text of fieldTexts(e, field)) {
      if (tokens(text).some((w) => words.has(w))) out.push({ field, value: oneLine(text) });
    }
  }
  return out;
}

function indexFor(dir: string, entries: IndexedSession[], FuseCtor: typeof Fuse): WordIndex {
  const key = keyOf(dir, entries);
  if (last && last.key === key) return last.index;
  const index = buildIndex(entries, FuseCtor);
  last = { key, index };
  return index;
}

export function openActionsOf(e: IndexedSession): OpenAction[] {
  return e.actions
    .filter((a) => a.status !== 'done')
    .map((a) => ({ id: a.id, title: oneLine(a.title), ownerRole: oneLine(a.ownerRole), owner: a.owner === null ? null : oneLine(a.owner), due: a.due }));
}

/** Search the sessions folder. Pure over `entries` (the benchmark and tests pass them). */
export async function searchEntries(dir: string, entries: IndexedSession[], query: string, opts: SearchOptions = {}): Promise<SearchResult> {
  const FuseCtor = await loadFuse();
  const q = oneLine(query);
  const exclude = new Set(opts.exclude ?? []);
  const limit = opts.limit ?? 10;
  const searched = entries.filter((e) => !e.error).length;
  const words = [...new Set(tokens(q))];
  if (words.length === 0) return { query: q, searched, results: [] };
  const idx = indexFor(dir, entries, FuseCtor);
  const total = Math.max(1, searched);
  interface Acc {
    doc: number;
    words: Set<number>;
    score: number;
    /** vocabulary words that matched in this session */
    hits: Set<string>;
  }
  const acc = new Map<number, Acc>();
  words.forEach((qw, qi) => {
    // the word itself, and close spellings from the vocabulary (typos, plurals, prefixes)
    const similar = new Map<string, number>([[qw, 1]]);
    for (const r of idx.vocab.search(qw, { limit: 25 })) {
      const sim = 1 - (r.score ?? 1);
      if (sim > (similar.get(r.item) ?? 0)) similar.set(r.item, sim);
    }
    for (const [word, sim] of similar) {
      const list = idx.postings.get(word);
      if (!list) continue;
      let docsWithWord = 0;
      let prevDoc = -1;
      for (const code of list) {
        const doc = code >> 2;
        if (doc !== prevDoc) docsWithWord++;
        prevDoc = doc;
      }
      const idf = Math.log(1 + total / docsWithWord);
      for (const code of list) {
        const doc = code >> 2;
        let a = acc.get(doc);
        if (!a) acc.set(doc, (a = { doc, words: new Set(), score: 0, hits: new Set() }));
        a.words.add(qi);
        a.score += sim * WEIGHT[FIELD_ORDER[code & 3] as Field] * idf;
        a.hits.add(word);
      }
    }
  });
  const ranked = [...acc.values()]
    .filter((a) => !exclude.has(idx.entries[a.doc]?.id ?? ''))
    .sort((a, b) => b.words.size - a.words.size || b.score - a.score);
  const best = ranked[0]?.score ?? 1;
  const results = ranked.slice(0, limit).map((a): SearchHit => {
    const e = idx.entries[a.doc] as IndexedSession;
    const relevance = (a.words.size / words.length) * Math.min(1, a.score / best);
    return {
      id: e.id,
      title: oneLine(e.title),
      severity: e.severity,
      updatedAt: e.updatedAt,
      path: path.join(dir, e.file),
      score: Math.round((1 - relevance) * 1000) / 1000,
      matches: matchesIn(e, a.hits),
      services: e.services.map(oneLine),
      openActions: openActionsOf(e),
    };
  });
  return { query: q, searched, results };
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
  const wordCache = new Map<string, Set<string>>();
  const wordsOf = (t: string): Set<string> => {
    let w = wordCache.get(t);
    if (!w) wordCache.set(t, (w = words(t)));
    return w;
  };
  for (const e of entries) {
    if (e.error || e.id === session.id) continue;
    const sharedServices = e.services.filter((s) => myServices.has(s.trim().toLowerCase()));
    const similarFactors: SimilarIncident['similarFactors'] = [];
    let factorScore = 0;
    for (const mine of myFactors) {
      let best = 0;
      let bestText = '';
      for (const theirs of e.factors) {
        let sim = jaccard(mine.words, wordsOf(theirs.text));
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
    const titleSim = jaccard(myTitle, wordsOf(e.title));
    const score = sharedServices.length * 1 + factorScore * 2 + (titleSim >= 0.2 ? titleSim : 0);
    if (score <= 0) continue;
    out.push({
      id: e.id,
      title: oneLine(e.title),
      severity: e.severity,
      updatedAt: e.updatedAt,
      path: path.join(dir, e.file),
      score: Math.round(score * 1000) / 1000,
      sharedServices: sharedServices.map(oneLine),
      similarFactors: similarFactors.map((f) => ({ mine: oneLine(f.mine), theirs: oneLine(f.theirs) })),
      openActions: openActionsOf(e),
    });
  }
  return out.sort((a, b) => b.score - a.score || (a.updatedAt < b.updatedAt ? 1 : -1)).slice(0, limit);
}

export async function similarIncidents(store: SessionStore, session: Session, opts: { limit?: number } = {}): Promise<SimilarIncident[]> {
  return similarFromEntries(store.dir, await store.index(), session, opts.limit ?? 5);
}
