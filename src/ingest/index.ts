// Reconstruction: inputs (files, folders, zips) -> one cited, merged, sorted timeline with proposed
// key moments. Never throws for bad input: every problem is a warning naming the file (and line).
import { resolve } from 'node:path';
import type { MetricSeries, Moments, Precision, SourceType, TimelineEvent } from '../domain/schema.js';
import { oneLine } from '../domain/text.js';
import { proposeMoments, momentsToContract } from './moments.js';
import { incidentPrecision, Reconciler, CHAT_SOURCES } from './reconcile.js';
import { IMPORTERS } from './registry.js';
import { parseInstant } from './time.js';
import type { Importer, IngestWarning } from './types.js';
import { importInput, errMessage, type EventSink, type WalkLimits } from './walk.js';

/** Above this many records, plain chat messages drop their raw excerpt (memory). */
export const LEAN_ABOVE = 250_000;

export interface ReconstructOptions {
  /** IANA zone for times written without one; null: such times are warnings */
  tz?: string | null;
  /** keep events at or after this instant (ISO with a zone, or epoch ms) */
  since?: string | number | null;
  /** keep events at or before this instant */
  until?: string | number | null;
  /** keep chat messages only from channels matching this glob (`inc-*`); other sources are kept */
  channel?: string | null;
  /** resolve relative inputs against this folder (default: process.cwd()) */
  cwd?: string;
  /** hash file contents so a re-import can be recognised (default true; `timeline` does not need it) */
  contentHash?: boolean;
  /** override the importers (tests) */
  importers?: Importer[];
  limits?: Partial<WalkLimits>;
}

export interface SourceSummary {
  /** the input as given */
  path: string;
  types: SourceType[];
  /** content hash: importing the same content twice can be recognised */
  hash: string;
  eventCount: number;
  warnings: IngestWarning[];
  read: boolean;
}

export interface ReconstructResult {
  events: TimelineEvent[];
  moments: Moments;
  series: MetricSeries[];
  warnings: IngestWarning[];
  precision: Precision;
  sources: SourceSummary[];
  /** at least one input was read */
  readAny: boolean;
}

/** A shell-style glob (`*`, `?`, `[abc]`) as an anchored, case-insensitive regex. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end > i + 1) {
        re += `[${glob.slice(i + 1, end).replace(/\\/g, '\\\\').replace(/^!/, '^')}]`;
        i = end;
      } else re += '\\[';
    } else re += c.replace(/[.+^${}()|\\/\]]/g, '\\$&');
  }
  return new RegExp(`^#?${re}$`, 'i');
}

function cleanWarning(w: IngestWarning): IngestWarning {
  const out: IngestWarning = { file: oneLine(String(w.file ?? '')), message: oneLine(String(w.message ?? '')) };
  if (typeof w.line === 'number' && Number.isFinite(w.line)) out.line = w.line;
  return out;
}

function instantOf(v: string | number | null | undefined, tz: string | null, what: string, warnings: IngestWarning[]): number | null {
  if (v === null || v === undefined || v === '') return null;
  const r = parseInstant(v, tz);
  if (r.ok) return r.time.ms;
  warnings.push({ file: `--${what}`, message: r.unknown ? `no time given` : `${r.message}; ignored` });
  return null;
}

export async function reconstruct(inputs: string[], opts: ReconstructOptions = {}): Promise<ReconstructResult> {
  const tz = opts.tz ?? null;
  const importers = opts.importers ?? IMPORTERS;
  const warnings: IngestWarning[] = [];
  const series: MetricSeries[] = [];
  const sources: SourceSummary[] = [];
  const seen = new Set<string>();
  // Records go to the reconciler as they are read (a Slack export hands over a day file at a time):
  // plain chat messages become events at once and their raw records die young, so a big export is
  // never held twice. Past LEAN_ABOVE records, chat messages keep their text and citation but not a
  // second raw copy (until the count is known, the reconciler holds back only what that changes).
  const rec = new Reconciler({ lean: LEAN_ABOVE });
  const re = opts.channel ? globToRegExp(opts.channel) : null;
  const sink: EventSink = {
    add(events) {
      for (const e of events) if (!re || !CHAT_SOURCES.has(e.source) || !e.channel || re.test(e.channel)) rec.add(e);
    },
    mark: () => rec.mark(),
    rollback: () => rec.rollback(),
  };
  for (const input of inputs) {
    const abs = resolve(opts.cwd ?? process.cwd(), input);
    if (seen.has(abs)) {
      warnings.push(cleanWarning({ file: input, message: 'given more than once; read once' }));
      continue;
    }
    seen.add(abs);
    try {
      const r = await importInput(input, importers, { tz, cwd: opts.cwd, channel: opts.channel ?? null, limits: opts.limits, contentHash: opts.contentHash ?? true, sink });
      series.push(...r.series);
      const ws = r.warnings.map(cleanWarning);
      warnings.push(...ws);
      sources.push({ path: input, types: r.types, hash: r.hash, eventCount: r.eventCount, warnings: ws, read: r.read });
    } catch (err) {
      const w = cleanWarning({ file: input, message: `could not be read (${errMessage(err)})` });
      warnings.push(w);
      sources.push({ path: input, types: [], hash: '', eventCount: 0, warnings: [w], read: false });
    }
  }

  const kept = rec.count;
  const { events: merged } = rec.finish();
  if (kept > LEAN_ABOVE) warnings.push({ file: inputs.join(', '), message: `${kept} records: raw excerpts of chat messages are left out to save memory (each event still cites its file and ref)` });
  const since = instantOf(opts.since, tz, 'since', warnings);
  const until = instantOf(opts.until, tz, 'until', warnings);
  let events = merged;
  if (since !== null || until !== null) {
    events = merged.filter((e) => {
      const t = Date.parse(e.occurredAt);
      return (since === null || t >= since) && (until === null || t <= until);
    });
  }
  const moments = proposeMoments(events, series);
  const precision = choosePrecision(events, moments);
  return { events, moments, series, warnings, precision, sources, readAny: sources.some((s) => s.read) };
}

/** Minute for fast incidents, hour/day for slow burns: from the impact window, else the bulk of events. */
export function choosePrecision(events: TimelineEvent[], moments: Moments): Precision {
  const start = moments.impactStart?.at ?? moments.detected?.at;
  const end = moments.resolved?.at ?? moments.mitigated?.at;
  if (start && end) return incidentPrecision(Date.parse(end) - Date.parse(start));
  if (events.length < 2) return 'minute';
  // events are sorted by time; a sample of a huge timeline is enough
  const step = Math.max(1, Math.floor(events.length / 10_000));
  const times: number[] = [];
  for (let i = 0; i < events.length; i += step) times.push(Date.parse(events[i]!.occurredAt));
  times.sort((a, b) => a - b);
  const lo = times[Math.floor(times.length * 0.05)]!;
  const hi = times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]!;
  return incidentPrecision(hi - lo);
}

/** The `debrief timeline --json` shape (docs/cli-contract.md), plus precision, sources and moment evidence. */
export function toContractJson(result: ReconstructResult): Record<string, unknown> {
  return {
    events: result.events,
    moments: momentsToContract(result.moments),
    warnings: result.warnings.map((w) => ({ file: w.file, line: w.line ?? null, message: w.message })),
    precision: result.precision,
    momentEvidence: result.moments,
    sources: result.sources.map((s) => ({ path: s.path, types: s.types, hash: s.hash, eventCount: s.eventCount })),
    series: result.series.map((s) => ({ id: s.id, name: s.name, labels: s.labels, points: s.points.length, threshold: s.threshold ?? null, unit: s.unit ?? null })),
  };
}
