// From RawEvent[] (every importer's records) to TimelineEvent[]: one event per real-world happening,
// citing every source that reported it, sorted by occurredAt with ties in source order.
// Pure: no I/O, no clock.
//
// Merging, in three passes:
//  1. keys: a non-chat record joins an earlier group that shares a merge key (types.ts documents the
//     conventions), lies within the key's time window and has the same kind. Two records of the same
//     source merge only across files (an Opsgenie alert and its log) or for Kubernetes (the several
//     ScalingReplicaSet events of one rollout).
//  2. likeness: alerts from different sources within two minutes whose texts share most of their
//     words (an engine log's 'alert raised' and the PagerDuty trigger it caused, with no common key).
//  3. echoes: a bot post that echoes another source (echoOf) joins the nearest group of that source
//     and kind in a window, preferring shared keys.
// Disagreements between merged sources (facts, far-apart times) become conflicts, never resolved here.
import type { Conflict, EventKind, Precision, SourceRef, SourceType, TimelineEvent } from '../domain/schema.js';
import { clip, oneLine, sanitize } from '../domain/text.js';
import { isoUtc } from './time.js';
import type { RawEvent } from './types.js';

export const CHAT_SOURCES: ReadonlySet<SourceType> = new Set(['slack', 'teams', 'discord', 'text']);
const PAGING_SOURCES: ReadonlySet<SourceType> = new Set(['pagerduty', 'opsgenie']);

const MIN = 60_000;

/** Time window for merging on a shared key, by key prefix and kind. */
export function keyWindow(key: string, kind: EventKind): number {
  const prefix = key.slice(0, key.indexOf(':') + 1);
  if (prefix === 'deployment:' || prefix === 'og:' || prefix === 'rev:' || prefix === 'commit:' || prefix === 'fingerprint:') return 60 * MIN;
  if (kind === 'deploy') return 15 * MIN;
  if (kind === 'note') return 2 * MIN;
  return 5 * MIN;
}

function echoWindow(kind: EventKind): number {
  return kind === 'deploy' ? 20 * MIN : 10 * MIN;
}

/** Which source's wording leads a merged event, by kind (lower index wins). */
const LEAD: Partial<Record<EventKind, SourceType[]>> = {
  deploy: ['github', 'argocd', 'k8s', 'grafana', 'datadog', 'git', 'log'],
  alert: ['alertmanager', 'grafana', 'prometheus', 'datadog', 'cloudwatch', 'log', 'pagerduty', 'opsgenie'],
  page: ['pagerduty', 'opsgenie'],
  ack: ['pagerduty', 'opsgenie'],
  escalation: ['pagerduty', 'opsgenie'],
  resolve: ['pagerduty', 'opsgenie', 'alertmanager', 'grafana'],
  status: ['statuspage'],
};

interface Item {
  e: RawEvent;
  seq: number;
  echo: boolean;
}

interface Group {
  members: Item[];
  t: number;
  kind: EventKind;
  keys: Set<string>;
  sources: Set<SourceType>;
}

export interface ReconcileResult {
  events: TimelineEvent[];
}

function tokens(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.toLowerCase().split(/[^a-z0-9_.]+/)) {
    const t = w.replace(/^[._]+|[._]+$/g, '');
    if (t.length >= 3 && !STOP.has(t)) out.add(t);
  }
  return out;
}
const STOP = new Set(['the', 'and', 'for', 'with', 'from', 'this', 'that', 'alert', 'raised', 'triggered', 'firing', 'error', 'warn', 'info', 'notifying', 'pagerduty', 'opsgenie']);

function likeness(a: string, b: string): number {
  const ta = tokens(a);
  const tb = tokens(b);
  if (!ta.size || !tb.size) return 0;
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  return shared / Math.min(ta.size, tb.size);
}

/** Keys that name one record upstream: every record carrying it is about the same happening. */
const IDENTITY_PREFIXES = ['deployment:'];

function sameSourceAllowed(g: Group, e: RawEvent): boolean {
  if (!g.sources.has(e.source)) return true;
  if (e.source === 'k8s') return true;
  // a GitHub deployment and all its statuses
  if ((e.keys ?? []).some((k) => IDENTITY_PREFIXES.some((p) => k.startsWith(p)) && g.keys.has(k))) return true;
  // same source, another file (an Opsgenie alert object and its own log)
  return g.members.every((m) => m.e.source !== e.source || m.e.file !== e.file);
}

/** 64-bit FNV-1a-style hash over UTF-16 code units, as 16 hex digits. Deterministic everywhere. */
export function hash64(text: string): string {
  const [a, b] = hashFrom(0x811c9dc5, 0xcbf29ce4, text);
  return finish(a, b);
}

function hashFrom(h1: number, h2: number, text: string): [number, number] {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 15), 0x0100019d);
  }
  return [h1, h2];
}

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function finish(h1: number, h2: number): string {
  h1 = Math.imul(h1 ^ (h2 >>> 13), 0x5bd1e995);
  return [
    HEX2[(h1 >>> 24) & 255],
    HEX2[(h1 >>> 16) & 255],
    HEX2[(h1 >>> 8) & 255],
    HEX2[h1 & 255],
    HEX2[(h2 >>> 24) & 255],
    HEX2[(h2 >>> 16) & 255],
    HEX2[(h2 >>> 8) & 255],
    HEX2[h2 & 255],
  ].join('');
}

// the hash state after `source \0 file \0`, per file: a big export has many records per file
const prefixState = new Map<string, Map<string, [number, number]>>();
let lastSource = '';
let lastFile = '';
let lastState: [number, number] | null = null;
// the two halves of the last id hashed (idHash), read right after the call: no tuple per record
let idHi = 0;
let idLo = 0;

/** Hash `source \0 file \0 ref` into idHi (32 bits) and idLo (the 16 bits an id shows). */
function idHash(source: string, file: string, ref: string): void {
  let st: [number, number] | null | undefined = source === lastSource && file === lastFile ? lastState : null;
  if (!st) {
    let bySource = prefixState.get(source);
    if (!bySource) prefixState.set(source, (bySource = new Map()));
    st = bySource.get(file);
    if (!st) {
      if (bySource.size > 10_000) bySource.clear();
      st = hashFrom(0x811c9dc5, 0xcbf29ce4, `${source}\u0000${file}\u0000`);
      bySource.set(file, st);
    }
    lastSource = source;
    lastFile = file;
    lastState = st;
  }
  let h1 = st[0];
  let h2 = st[1];
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 15), 0x0100019d);
  }
  idHi = Math.imul(h1 ^ (h2 >>> 13), 0x5bd1e995) >>> 0;
  idLo = h2 >>> 16;
}

const HEXC = Array.from({ length: 16 }, (_, i) => i.toString(16).charCodeAt(0));

/** `ev-` and 12 hex digits of (hi, lo): one flat string from char codes. */
function idString(hi: number, lo: number): string {
  return String.fromCharCode(
    101, 118, 45,
    HEXC[hi >>> 28]!, HEXC[(hi >>> 24) & 15]!, HEXC[(hi >>> 20) & 15]!, HEXC[(hi >>> 16) & 15]!,
    HEXC[(hi >>> 12) & 15]!, HEXC[(hi >>> 8) & 15]!, HEXC[(hi >>> 4) & 15]!, HEXC[hi & 15]!,
    HEXC[lo >>> 12]!, HEXC[(lo >>> 8) & 15]!, HEXC[(lo >>> 4) & 15]!, HEXC[lo & 15]!,
  );
}

/** A stable event id from what identifies its leading record: source, file and upstream ref. */
export function stableId(e: Pick<RawEvent, 'source' | 'file' | 'ref'>): string {
  idHash(e.source, e.file, e.ref);
  return idString(idHi, idLo);
}

/**
 * The ids handed out so far. Plain ids (`ev-` + 12 hex digits) are kept as 48-bit numbers in an
 * open-addressing table (a million strings in a Set cost far more); the rare `x`-suffixed ids of
 * colliding records in a Set.
 */
class IdSet {
  private keys = new Float64Array(1 << 12);
  private size = 0;
  private readonly suffixed = new Set<string>();

  /** The id for (hi, lo), made unique with `x` suffixes, and remembered. */
  take(hi: number, lo: number): string {
    if (this.insert(hi * 65536 + lo + 1)) return idString(hi, lo); // + 1: 0 marks an empty slot
    let id = `${idString(hi, lo)}x`;
    while (this.suffixed.has(id)) id = `${id}x`;
    this.suffixed.add(id);
    return id;
  }

  /** Start again from these ids (rare: an importer failed half-way and its events were dropped). */
  reset(ids: Iterable<string>): void {
    this.keys = new Float64Array(1 << 12);
    this.size = 0;
    this.suffixed.clear();
    for (const id of ids) {
      if (id.length === 15) this.insert(Number.parseInt(id.slice(3, 11), 16) * 65536 + Number.parseInt(id.slice(11), 16) + 1);
      else this.suffixed.add(id);
    }
  }

  /** Add a key; false when it was there already. */
  private insert(key: number): boolean {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    const mask = keys.length - 1;
    let i = (Math.imul((key / 65536) | 0, 0x9e3779b1) ^ (key & 0xffff)) & mask;
    for (;;) {
      const k = keys[i]!;
      if (k === 0) {
        keys[i] = key;
        this.size++;
        return true;
      }
      if (k === key) return false;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.keys;
    this.keys = new Float64Array(old.length * 2);
    this.size = 0;
    for (const k of old) if (k !== 0) this.insert(k);
  }
}

function leadOf(members: Item[], kind: EventKind): Item {
  const order = LEAD[kind] ?? [];
  const rank = (it: Item) => {
    if (it.echo) return 1000;
    const i = order.indexOf(it.e.source);
    return i === -1 ? (CHAT_SOURCES.has(it.e.source) ? 500 : 100) : i;
  };
  let best = members[0]!;
  for (const m of members) {
    const d = rank(m) - rank(best);
    if (d < 0 || (d === 0 && m.seq < best.seq)) best = m;
  }
  return best;
}

const PREC_ORDER: Precision[] = ['second', 'minute', 'hour', 'day'];

function sourceRef(e: RawEvent, eventMs: number, noExcerpt = false): SourceRef {
  const r: SourceRef = { type: e.source, file: e.file, ref: e.ref };
  if (e.line != null) r.line = e.line;
  // the excerpt and raw time are kept only when they add something (not the text or ref again)
  if (e.excerpt && !noExcerpt && e.excerpt !== e.text) r.excerpt = e.excerpt;
  if (e.rawTime && e.rawTime !== e.ref) r.rawTime = e.rawTime;
  if (e.occurredAt !== eventMs) r.at = isoUtc(e.occurredAt);
  return r;
}

function conflictsOf(items: Item[], occurredAt: number, kind: EventKind): Conflict[] {
  const out: Conflict[] = [];
  const label = (it: Item) => `${it.e.source}:${it.e.file}#${it.e.ref}`;
  // facts stated by more than one source with different values
  const byFact = new Map<string, { value: string; it: Item }[]>();
  for (const it of items) {
    if (it.echo) continue;
    for (const [k, v] of Object.entries(it.e.facts ?? {})) {
      if (!v) continue;
      const list = byFact.get(k) ?? [];
      list.push({ value: v, it });
      byFact.set(k, list);
    }
  }
  for (const [field, list] of byFact) {
    const distinctSources = new Set(list.map((l) => l.it.e.source));
    const values = [...new Set(list.map((l) => l.value.toLowerCase()))];
    if (distinctSources.size < 2 || values.length < 2) continue;
    // a value that only one source's vocabulary uses is not a disagreement (PagerDuty 'triggered'
    // vs Alertmanager 'firing'); compare only within sources that state the same fact family
    if (field === 'status') continue;
    out.push({
      field,
      values: list.map((l) => l.value),
      sources: list.map((l) => label(l.it)),
      note: `sources disagree on ${field}`,
      resolution: null,
    });
  }
  // times: non-echo, non-paging sources of one happening far apart
  const timed = items.filter((it) => !it.echo && !(kind === 'alert' && PAGING_SOURCES.has(it.e.source)));
  const tol = kind === 'deploy' ? 10 * MIN : 2 * MIN;
  const bySource = new Map<SourceType, Item>();
  for (const it of timed) if (!bySource.has(it.e.source)) bySource.set(it.e.source, it);
  const firsts = [...bySource.values()];
  const far = firsts.filter((it) => Math.abs(it.e.occurredAt - occurredAt) > tol);
  if (firsts.length >= 2 && far.length) {
    out.push({
      field: 'occurredAt',
      values: firsts.map((it) => isoUtc(it.e.occurredAt)),
      sources: firsts.map(label),
      note: `sources give times up to ${Math.round(Math.max(...far.map((it) => Math.abs(it.e.occurredAt - occurredAt))) / 1000)} s apart (clock skew or a slow rollout); the earliest is shown`,
      resolution: null,
    });
  }
  return out;
}

/** Merge and sort. `events` are in source order (the order inputs were given, then file order). */
export interface ReconcileOptions {
  /** null out each input record once it is used, so a big export is not held twice */
  consume?: boolean;
  /** leave out the raw excerpts of plain chat messages (their text is the message); for huge exports */
  lean?: boolean;
}

export function reconcile(events: Array<RawEvent | null>, opts: ReconcileOptions = {}): ReconcileResult {
  const r = new Reconciler({ lean: opts.lean === true });
  for (let seq = 0; seq < events.length; seq++) {
    const e = events[seq];
    if (opts.consume) events[seq] = null;
    r.add(e ?? null);
  }
  return r.finish();
}

export interface ReconcilerOptions {
  /** as ReconcileOptions.lean; or a number: lean when more than that many records are added in all */
  lean: boolean | number;
}

/**
 * reconcile() a record at a time, so records can be handed over as an importer reads them: plain chat
 * records (most of a big export) become events at once and the raw record is let go young. With
 * `lean` a threshold, records are held until it is passed (then lean is known) or until finish().
 * mark() and rollback() undo what was added in between (an importer that failed half-way).
 */
export class Reconciler {
  private readonly built = new BuiltList();
  private readonly usedIds = new IdSet();
  private readonly keyed: Item[] = [];
  private readonly echoes: Item[] = [];
  private seq = 0;
  private lean: boolean | null;
  private readonly threshold: number;
  /** records held while lean is undecided, from seq `pendingFrom` */
  private pending: Array<RawEvent | null> = [];
  private pendingFrom = 0;
  /**
   * While lean is undecided: plain events built lean whose excerpt goes last in their source (nothing
   * follows it), to be added should lean end up false. `at`: the event's position in `built`.
   */
  private late: Array<{ at: number; ref: SourceRef; excerpt: string }> = [];
  private checkpoint: {
    seq: number;
    built: number;
    keyed: number;
    echoes: number;
    lean: boolean | null;
    pending: number;
    pendingFrom: number;
  } | null = null;
  /** the records held and the late excerpts at mark(), when lean was decided after it (for rollback) */
  private heldAtMark: { pending: Array<RawEvent | null>; late: Reconciler['late'] } | null = null;

  constructor(opts: ReconcilerOptions) {
    this.lean = typeof opts.lean === 'boolean' ? opts.lean : null;
    this.threshold = typeof opts.lean === 'number' ? opts.lean : Infinity;
  }

  /** records added so far (a null counts: it holds a place in source order) */
  get count(): number {
    return this.seq;
  }

  add(e: RawEvent | null): void {
    const seq = this.seq++;
    if (this.lean !== null) {
      if (e) this.take(e, seq);
      return;
    }
    // Lean undecided. Records that lean does not change are taken at once (merge candidates, and plain
    // events whose excerpt can be added later); the others are held, and once one is held every later
    // plain record is too, so ids are still handed out in source order.
    if (e !== null && !this.takeUndecided(e, seq)) {
      if (this.pending.length === 0) this.pendingFrom = seq;
      this.pending.push(e);
    } else if (this.pending.length) this.pending.push(null); // held records stay at seq pendingFrom + i
    if (this.seq > this.threshold) this.decide(true);
  }

  /** Take a record while lean is undecided, if that gives what either decision would; else false. */
  private takeUndecided(e: RawEvent, seq: number): boolean {
    const echo = !!e.echoOf && e.echoOf !== e.source;
    if (echo || !CHAT_SOURCES.has(e.source)) {
      this.take(e, seq);
      return true;
    }
    if (this.pending.length) return false;
    const excerpt = e.kind === 'message' && e.excerpt && e.excerpt !== e.text ? e.excerpt : null;
    if (excerpt === null) {
      this.take(e, seq); // the same event lean or not
      return true;
    }
    // the excerpt would come before a rawTime: it cannot be added last later
    if (e.rawTime && e.rawTime !== e.ref) return false;
    const ev = plainEvent(e, this.uniqueId(e), true);
    this.late.push({ at: this.built.ev.length, ref: ev.sources[0]!, excerpt });
    this.built.push(ev, seq, e.occurredAt, e.parentRef ?? null, null);
    return true;
  }

  private decide(lean: boolean): void {
    this.lean = lean;
    const c = this.checkpoint;
    if (c && c.lean === null) this.heldAtMark = { pending: this.pending.slice(0, c.pending), late: this.late.filter((l) => l.at < c.built) };
    if (!lean) for (const l of this.late) l.ref.excerpt = l.excerpt;
    this.late = [];
    const list = this.pending;
    this.pending = [];
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      list[i] = null;
      if (e) this.take(e, this.pendingFrom + i);
    }
  }

  private uniqueId(e: RawEvent): string {
    idHash(e.source, e.file, e.ref);
    return this.usedIds.take(idHi, idLo);
  }

  private take(e: RawEvent, seq: number): void {
    const echo = !!e.echoOf && e.echoOf !== e.source;
    if (echo) this.echoes.push({ e, seq, echo });
    else if (CHAT_SOURCES.has(e.source)) {
      // plain chat records (most of a big export) become events at once; the raw record is let go
      this.built.push(plainEvent(e, this.uniqueId(e), this.lean === true), seq, e.occurredAt, e.parentRef ?? null, null);
    } else this.keyed.push({ e, seq, echo });
  }

  mark(): void {
    this.checkpoint = {
      seq: this.seq,
      built: this.built.ev.length,
      keyed: this.keyed.length,
      echoes: this.echoes.length,
      lean: this.lean,
      pending: this.pending.length,
      pendingFrom: this.pendingFrom,
    };
    this.heldAtMark = null;
  }

  rollback(): void {
    const c = this.checkpoint;
    if (!c) return;
    this.seq = c.seq;
    this.keyed.length = c.keyed;
    this.echoes.length = c.echoes;
    if (this.built.ev.length !== c.built) {
      this.built.truncate(c.built);
      this.usedIds.reset(this.built.ev.map((e) => e.id));
    }
    if (c.lean === null) {
      // undecided at the mark: hold again exactly what was held then
      if (this.lean === null) {
        this.pending = this.pending.slice(0, c.pending);
        this.late = this.late.filter((l) => l.at < c.built);
      } else {
        // decided (lean, by the threshold) after the mark
        this.pending = this.heldAtMark?.pending ?? [];
        this.late = this.heldAtMark?.late ?? [];
      }
      this.pendingFrom = c.pendingFrom;
      this.lean = null;
    }
    this.heldAtMark = null;
  }

  finish(): ReconcileResult {
    if (this.lean === null) this.decide(false);
    return finishReconcile(this.built, this.keyed, this.echoes, this.seq, (e) => this.uniqueId(e));
  }
}

function finishReconcile(built: BuiltList, keyed: Item[], echoes: Item[], seqLimit: number, uniqueId: (e: RawEvent) => string): ReconcileResult {
  const byTime = keyed.sort((a, b) => a.e.occurredAt - b.e.occurredAt || a.seq - b.seq);

  const groups: Group[] = [];
  const byKey = new Map<string, Group[]>();

  const newGroup = (it: Item): Group => {
    const g: Group = { members: [it], t: it.e.occurredAt, kind: it.e.kind, keys: new Set(it.e.keys ?? []), sources: new Set([it.e.source]) };
    groups.push(g);
    for (const k of g.keys) {
      const list = byKey.get(k);
      if (list) list.push(g);
      else byKey.set(k, [g]);
    }
    return g;
  };
  const join = (g: Group, it: Item) => {
    g.members.push(it);
    g.sources.add(it.e.source);
    for (const k of it.e.keys ?? []) {
      if (g.keys.has(k)) continue;
      g.keys.add(k);
      const list = byKey.get(k);
      if (list) list.push(g);
      else byKey.set(k, [g]);
    }
  };

  // pass 1: shared keys
  for (const it of byTime) {
    const e = it.e;
    if (!e.keys?.length) {
      newGroup(it);
      continue;
    }
    let best: Group | null = null;
    let bestShared = 0;
    let bestDt = Infinity;
    for (const k of e.keys) {
      const list = byKey.get(k);
      if (!list) continue;
      const win = keyWindow(k, e.kind);
      for (let i = list.length - 1; i >= 0; i--) {
        const g = list[i]!;
        const dt = Math.abs(e.occurredAt - g.t);
        if (e.occurredAt - g.t > 60 * MIN) break; // lists are in time order
        if (dt > win || g.kind !== e.kind || !sameSourceAllowed(g, e)) continue;
        let shared = 0;
        for (const kk of e.keys) if (g.keys.has(kk)) shared++;
        if (shared > bestShared || (shared === bestShared && dt < bestDt)) {
          best = g;
          bestShared = shared;
          bestDt = dt;
        }
      }
    }
    if (best) join(best, it);
    else newGroup(it);
  }

  // pass 2: alike alerts from different sources close in time
  const alerts = groups.filter((g) => g.kind === 'alert' && !g.members.some((m) => CHAT_SOURCES.has(m.e.source)));
  alerts.sort((a, b) => a.t - b.t);
  const dead = new Set<Group>();
  for (let i = 0; i < alerts.length; i++) {
    const a = alerts[i]!;
    if (dead.has(a)) continue;
    for (let j = i + 1; j < alerts.length; j++) {
      const b = alerts[j]!;
      if (b.t - a.t > 2 * MIN) break;
      if (dead.has(b)) continue;
      let overlap = false;
      for (const s of b.sources) if (a.sources.has(s)) overlap = true;
      if (overlap) continue;
      const ta = a.members.map((m) => m.e.text).join(' ');
      const tb = b.members.map((m) => m.e.text).join(' ');
      if (likeness(ta, tb) < 0.6) continue;
      for (const m of b.members) join(a, m);
      dead.add(b);
    }
  }
  const live = groups.filter((g) => !dead.has(g));

  // pass 3: echoes (bot posts) join the nearest group of the source they echo
  const bySource = new Map<SourceType, Group[]>();
  for (const g of live) {
    for (const s of g.sources) {
      if (CHAT_SOURCES.has(s)) continue;
      const list = bySource.get(s);
      if (list) list.push(g);
      else bySource.set(s, [g]);
    }
  }
  for (const it of echoes) {
    const e = it.e;
    const list = bySource.get(e.echoOf!) ?? [];
    const win = echoWindow(e.kind);
    let best: Group | null = null;
    let bestShared = -1;
    let bestDt = Infinity;
    for (const g of list) {
      if (g.kind !== e.kind) continue;
      const anchor = Math.min(...g.members.filter((m) => m.e.source === e.echoOf).map((m) => m.e.occurredAt));
      const dt = Math.abs(e.occurredAt - anchor);
      if (dt > win) continue;
      let shared = 0;
      for (const k of e.keys ?? []) if (g.keys.has(k)) shared++;
      if ((e.keys?.length ?? 0) > 0 && shared === 0 && [...g.keys].some((k) => e.keys!.some((ek) => ek.split(':')[0] === k.split(':')[0]))) {
        // both carry the same kind of key with different values: a different happening
        continue;
      }
      if (shared > bestShared || (shared === bestShared && dt < bestDt)) {
        best = g;
        bestShared = shared;
        bestDt = dt;
      }
    }
    if (best) join(best, it);
    else {
      const g = newGroup(it);
      live.push(g);
    }
  }

  // build events: merged groups, then the plain records (most chat messages) on a fast path
  for (const g of live) {
    const lead = leadOf(g.members, g.kind);
    const nonEcho = g.members.filter((m) => !m.echo);
    const timing = nonEcho.length ? nonEcho : g.members;
    let occurredAt = Math.min(...timing.map((m) => m.e.occurredAt));
    let detectedAt: number | null = null;
    if (g.kind === 'alert') {
      // when the condition began vs when people were paged
      const paged = timing.filter((m) => PAGING_SOURCES.has(m.e.source)).map((m) => m.e.occurredAt);
      const conditions = timing.filter((m) => !PAGING_SOURCES.has(m.e.source)).map((m) => m.e.occurredAt);
      if (conditions.length && paged.length) {
        occurredAt = Math.min(...conditions);
        const p = Math.min(...paged);
        if (p > occurredAt) detectedAt = p;
      }
    }
    const ownDetected = timing.map((m) => m.e.detectedAt).filter((d): d is number => d != null && Number.isFinite(d));
    if (detectedAt === null && ownDetected.length) {
      const d = Math.min(...ownDetected);
      if (d !== occurredAt) detectedAt = d;
    }
    const id = uniqueId(lead.e);
    const ordered = [lead, ...g.members.filter((m) => m !== lead).sort((a, b) => a.seq - b.seq)];
    const precision = ordered
      .filter((m) => !m.echo)
      .map((m) => m.e.precision)
      .reduce<Precision>((p, q) => (PREC_ORDER.indexOf(q) < PREC_ORDER.indexOf(p) ? q : p), lead.e.precision);
    const actor = lead.e.actor ?? ordered.find((m) => m.e.actor)?.e.actor ?? null;
    let text = lead.e.text;
    if (g.kind === 'deploy') {
      // the final state a rollout reached (a GitHub deployment's last status)
      const all = nonEcho.filter((m) => m.e.facts?.status);
      // 'inactive' only says a later deployment superseded this one
      const meaningful = all.filter((m) => !/^inactive$/i.test(m.e.facts!.status!));
      const stated = (meaningful.length ? meaningful : all).sort((a, b) => a.e.occurredAt - b.e.occurredAt || a.seq - b.seq);
      const final = stated[stated.length - 1]?.e.facts?.status;
      if (final && all.length > 1 && !text.toLowerCase().includes(final.toLowerCase())) text = `${text} (final state: ${final})`;
    }
    const ev: TimelineEvent = {
      id,
      occurredAt: isoUtc(occurredAt),
      detectedAt: detectedAt === null ? null : isoUtc(detectedAt),
      precision,
      kind: g.kind,
      actor: actor ? oneLine(actor) || null : null,
      text: clip(clean(text), 4000),
      sources: ordered.map((m) => sourceRef(m.e, occurredAt)),
      conflicts: conflictsOf(ordered, occurredAt, g.kind),
      confirmed: false,
      proposedBy: 'import',
    };
    const channel = lead.e.channel ?? null;
    if (channel) ev.channel = channel;
    built.push(ev, lead.seq, occurredAt, lead.e.parentRef ?? null, ordered.map((m) => m.e));
  }
  // thread parents: same source and file, else same source and channel, else same source
  if (built.parent.some((p) => p !== null)) {
    const byFile = new Map<string, Map<string, Map<string, string>>>();
    const byChannel = new Map<string, Map<string, Map<string, string>>>();
    const byAny = new Map<string, Map<string, string>>();
    const put3 = (m: Map<string, Map<string, Map<string, string>>>, a: string, b: string, ref: string, id: string) => {
      let ma = m.get(a);
      if (!ma) m.set(a, (ma = new Map()));
      let mb = ma.get(b);
      if (!mb) ma.set(b, (mb = new Map()));
      if (!mb.has(ref)) mb.set(ref, id);
    };
    const wanted = new Set<string>();
    // a bit per hash of the wanted refs, tested before the set: most records are nobody's parent,
    // and a few char codes and a bit cost far less than hashing the string and probing a big set
    const bits = new Uint8Array(1 << 17);
    const bit = (r: string) => {
      let h = r.length;
      for (let k = Math.max(0, r.length - 8); k < r.length; k++) h = Math.imul(h ^ r.charCodeAt(k), 0x01000193);
      return (h ^ (h >>> 15)) & 0xfffff;
    };
    for (const p of built.parent) {
      if (!p) continue;
      wanted.add(p);
      const b = bit(p);
      bits[b >>> 3]! |= 1 << (b & 7);
    }
    const index = (source: string, file: string, ref: string, channel: string | null | undefined, id: string) => {
      if (!wanted.has(ref)) return;
      put3(byFile, source, file, ref, id);
      if (channel) put3(byChannel, source, channel, ref, id);
      let any = byAny.get(source);
      if (!any) byAny.set(source, (any = new Map()));
      if (!any.has(ref)) any.set(ref, id);
    };
    for (let i = 0; i < built.ev.length; i++) {
      // plain events carry their one ref in a column: most are no thread's parent, so one lookup each
      const ref = built.ref[i];
      if (ref != null) {
        const b = bit(ref);
        if ((bits[b >>> 3]! & (1 << (b & 7))) === 0 || !wanted.has(ref)) continue;
        const ev = built.ev[i]!;
        const src = ev.sources[0]!;
        index(src.type, src.file, ref, ev.channel, ev.id);
        continue;
      }
      const ev = built.ev[i]!;
      const raws = built.raws.get(i);
      if (raws) for (const raw of raws) index(raw.source, raw.file, raw.ref, raw.channel, ev.id);
      else {
        const src = ev.sources[0]!;
        index(src.type, src.file, src.ref, ev.channel, ev.id);
      }
    }
    for (let i = 0; i < built.ev.length; i++) {
      const parent = built.parent[i];
      if (!parent) continue;
      const ev = built.ev[i]!;
      const src = ev.sources[0]!;
      const channel = ev.channel;
      const pid =
        byFile.get(src.type)?.get(src.file)?.get(parent) ??
        (channel ? byChannel.get(src.type)?.get(channel)?.get(parent) : undefined) ??
        byAny.get(src.type)?.get(parent);
      if (pid && pid !== ev.id) ev.parentId = pid;
    }
  }

  return { events: sortBuilt(built, seqLimit) };
}

/** Built events in columns (a million small wrapper objects cost memory and GC time). */
class BuiltList {
  readonly ev: TimelineEvent[] = [];
  readonly order: number[] = [];
  readonly t: number[] = [];
  readonly parent: Array<string | null> = [];
  /** the ref of a plain event's one source (null for groups) */
  readonly ref: Array<string | null> = [];
  /** merged records, for groups only, by position */
  readonly raws = new Map<number, RawEvent[]>();
  truncate(n: number): void {
    this.ev.length = n;
    this.order.length = n;
    this.t.length = n;
    this.parent.length = n;
    this.ref.length = n;
  }
  push(ev: TimelineEvent, order: number, t: number, parent: string | null, raws: RawEvent[] | null): void {
    if (raws) this.raws.set(this.ev.length, raws);
    this.ref.push(raws ? null : ev.sources[0]!.ref);
    this.ev.push(ev);
    this.order.push(order);
    this.t.push(t);
    this.parent.push(parent);
  }
}

/**
 * Sort by time, ties by source order. When time span and record count fit in a double's 53 bits, sort
 * packed numeric keys natively (much faster than a comparator over a million objects).
 */
function sortBuilt(built: BuiltList, seqLimit: number): TimelineEvent[] {
  const n = built.ev.length;
  const out = new Array<TimelineEvent>(n);
  if (n === 0) return out;
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  for (const t of built.t) {
    if (t < min) min = t;
    if (t > max) max = t;
    if (!Number.isInteger(t)) integers = false;
  }
  const scale = 2 ** Math.ceil(Math.log2(Math.max(2, seqLimit)));
  if (integers && (max - min + 1) * scale < 2 ** 53) {
    const keys = new Float64Array(n);
    const byOrder = scale <= 2 ** 24 ? new Int32Array(scale) : null;
    const orderMap = byOrder ? null : new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const order = built.order[i]!;
      keys[i] = (built.t[i]! - min) * scale + order;
      if (byOrder) byOrder[order] = i;
      else orderMap!.set(order, i);
    }
    keys.sort();
    for (let i = 0; i < n; i++) {
      const order = keys[i]! % scale;
      out[i] = built.ev[byOrder ? byOrder[order]! : orderMap!.get(order)!]!;
    }
    return out;
  }
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => built.t[a]! - built.t[b]! || built.order[a]! - built.order[b]!);
  for (let i = 0; i < n; i++) out[i] = built.ev[idx[i]!]!;
  return out;
}

function plainEvent(e: RawEvent, id: string, lean: boolean): TimelineEvent {
  const occurredAt = isoUtc(e.occurredAt);
  const detectedAt = e.detectedAt != null && Number.isFinite(e.detectedAt) && e.detectedAt !== e.occurredAt ? isoUtc(e.detectedAt) : null;
  const actor = e.actor ? cleanActor(e.actor) : null;
  const text = clip(e.textClean === true ? e.text : clean(e.text), 4000);
  const sources = [sourceRef(e, e.occurredAt, lean && e.kind === 'message')];
  // the channel in the literal (not added after): one shape, properties in the object itself
  if (e.channel) {
    return { id, occurredAt, detectedAt, precision: e.precision, kind: e.kind, actor, text, sources, conflicts: [], confirmed: false, proposedBy: 'import', channel: e.channel };
  }
  return { id, occurredAt, detectedAt, precision: e.precision, kind: e.kind, actor, text, sources, conflicts: [], confirmed: false, proposedBy: 'import' };
}

// importers sanitise already; this is the last line of defence, cheap when there is nothing to strip
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\r]/;
function clean(text: string): string {
  return UNSAFE.test(text) ? sanitize(text) : text;
}
// a big export has a million messages from a few hundred people: clean each name once
const actorCache = new Map<string, string | null>();
function cleanActor(actor: string): string | null {
  const known = actorCache.get(actor);
  if (known !== undefined) return known;
  const out = UNSAFE.test(actor) || /\s{2,}|^\s|\s$/.test(actor) ? oneLine(actor) || null : actor;
  if (actorCache.size > 10_000) actorCache.clear();
  actorCache.set(actor, out);
  return out;
}

/** Precision for the incident as a whole: minute for fast incidents, hour or day for slow burns. */
export function incidentPrecision(spanMs: number): Precision {
  if (!Number.isFinite(spanMs) || spanMs <= 12 * 60 * MIN) return 'minute';
  if (spanMs <= 7 * 24 * 60 * MIN) return 'hour';
  return 'day';
}
