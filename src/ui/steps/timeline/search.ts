// Fuzzy search over timeline events (text, actor, source), fast enough to run on every keystroke over
// 10,000 events. The index is built once per event list: Fuse runs over the vocabulary (unique words of
// text, actor and source), and an inverted list maps each word back to the events that hold it. A query
// keeps the events where every query word fuzzily matches one of the event's words, in timeline order.
// Words with digits match literally (as substrings), so ids and versions never match their neighbours.
import Fuse from 'fuse.js';
import type { TimelineEvent } from '../../../domain/schema.js';

export interface EventSearchIndex {
  /** the event list the index was built from (identity, to know when to rebuild) */
  events: readonly TimelineEvent[];
  search(query: string): number[];
  /** number of distinct words indexed */
  vocabulary: number;
  /** of which matched fuzzily (the rest, with digits, literally) */
  fuzzyVocabulary: number;
}

// a word: letters, digits and _ , with . @ # - allowed inside (file names, handles, versions)
const WORD = /[\p{L}\p{N}_](?:[\p{L}\p{N}_#.@-]*[\p{L}\p{N}_])?/gu;

/** The words of an event that the filter searches: its text, its actor and its sources (type, file, ref), its channel. */
export function eventWords(e: TimelineEvent): string[] {
  let hay = `${e.text} ${e.actor ?? ''} ${e.channel ?? ''}`;
  for (const s of e.sources) hay += ` ${s.type} ${s.file} ${s.ref}`;
  return [...new Set(hay.toLowerCase().match(WORD) ?? [])];
}

export function buildSearchIndex(events: readonly TimelineEvent[]): EventSearchIndex {
  const postings = new Map<string, number[]>();
  events.forEach((e, i) => {
    for (const w of eventWords(e)) {
      const list = postings.get(w);
      if (list) list.push(i);
      else postings.set(w, [i]);
    }
  });
  const words = [...postings.keys()];
  // Words with digits (ids, versions, refs, timestamps) are matched literally: "4821" must not find "4822".
  // Fuse runs over the remaining words, which keeps the fuzzy vocabulary small even when every event
  // carries its own id.
  const literal = words.filter((w) => /\d/.test(w));
  const fuse = new Fuse(
    words.filter((w) => !/\d/.test(w)),
    { threshold: 0.3, ignoreLocation: true, shouldSort: false, includeScore: false, isCaseSensitive: true },
  );
  const cache = new Map<string, Uint8Array>();
  const n = events.length;

  function matchToken(token: string): Uint8Array {
    const hit = cache.get(token);
    if (hit) return hit;
    const mask = new Uint8Array(n);
    const mark = (w: string) => {
      const list = postings.get(w);
      if (list) for (const i of list) mask[i] = 1;
    };
    mark(token);
    for (const w of literal) if (w.includes(token)) mark(w);
    if (!/\d/.test(token)) for (const r of fuse.search(token)) mark(r.item);
    if (cache.size > 64) cache.clear();
    cache.set(token, mask);
    return mask;
  }

  return {
    events,
    vocabulary: words.length,
    fuzzyVocabulary: words.length - literal.length,
    search(query: string): number[] {
      const tokens = query
        .toLowerCase()
        .split(/\s+/)
        .map((t) => t.replace(/^[.@#-]+|[.@#-]+$/g, ''))
        .filter(Boolean);
      if (!tokens.length) return events.map((_, i) => i);
      const masks = tokens.map(matchToken);
      const out: number[] = [];
      outer: for (let i = 0; i < n; i++) {
        for (const m of masks) if (!m[i]) continue outer;
        out.push(i);
      }
      return out;
    },
  };
}
