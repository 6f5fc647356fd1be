// The contract between the per-format importers and reconstruction (reconcile.ts).
//
// Owned by the ingest-core engineer. Additive changes only: every field the format modules
// rely on stays. A format module (src/ingest/<format>.ts) exports one or more importers:
//
//   export const pagerdutyImporter: FileImporter = { id: 'pagerduty', source: 'pagerduty', detect, parse };
//   export const slackExportImporter: BundleImporter = { id: 'slack-export', source: 'slack', detectBundle, parseBundle };
//
// The walker (walk.ts) turns every input (file, folder, .zip) into VFiles and VDirs, so a folder and a
// zip look the same to importers. For each folder it first asks bundle importers (detectBundle); a
// folder a bundle importer claims is handed over whole. Every other file is decoded (BOM stripped,
// UTF-16 decoded), its first HEAD_BYTES given as `head`, parsed as JSON when it is small enough, and
// offered to each file importer's `detect` in registry order; the first that says yes parses it.
// Importers must not throw for bad content: return warnings instead (the walker also catches, but a
// throw loses the whole file). All text you emit goes through sanitize() (src/domain/text.ts).
import type { EventKind, MetricSeries, Precision, SourceType } from '../domain/schema.js';

export interface IngestWarning {
  /** path as the user gave it (relative to the input given), never an absolute path they did not type */
  file: string;
  line?: number | null;
  message: string;
}

/** One record as an importer read it, before merging across sources. Instants are epoch ms UTC. */
export interface RawEvent {
  source: SourceType;
  /** file path relative to the input the user gave (use VFile.path / ParseContext.file) */
  file: string;
  /** upstream id: Slack ts, log entry id, line number. Unique within (source, file). */
  ref: string;
  line?: number | null;
  occurredAt: number;
  /** when people or alerts noticed it, if that differs */
  detectedAt?: number | null;
  precision: Precision;
  kind: EventKind;
  actor: string | null;
  /** plain, sanitised text */
  text: string;
  /**
   * the importer guarantees `text` holds nothing sanitize() would change (reconcile then does not scan
   * it again: a million-message export)
   */
  textClean?: boolean;
  /** the raw time string as written in the source */
  rawTime?: string;
  /** the raw excerpt of the record, sanitised, for the evidence pane */
  excerpt?: string;
  channel?: string | null;
  /** ref of the thread parent (same source and file, or same source and channel for bundles) */
  parentRef?: string | null;
  /**
   * Hints for merging the same happening across sources. Reconcile merges events that share a key,
   * lie within a time window of each other and are compatible in kind. Conventions (all lower case):
   *   deploy:<service>          a deploy/rollout of a service or app (GitHub environment/description
   *                             names it, k8s Deployment name, Argo CD app name, bot post about it)
   *   deployment:<id>           GitHub deployment id (also when a bot post or status names it)
   *   rev:<sha7>                a git revision, first 7 hex characters
   *   alert:<alertname>         an alert by name, lower-cased (Alertmanager alertname, Grafana rule
   *                             title, PagerDuty/Opsgenie alert name when known, log 'alert raised')
   *   pd:<incident-number>      a PagerDuty incident number (#1932 -> pd:1932)
   *   pd-incident:<id>          a PagerDuty incident id (Q1ABC...)
   *   og:<alert-id-or-tiny-id>  an Opsgenie alert (id or tinyId)
   *   status:<incident-id>      a Statuspage incident
   *   <anything else>:<value>   fine too; only exact key equality counts.
   * Deploy keys merge within 15 min, alert/page/ack/escalation/resolve within 5 min; the stronger
   * ids (deployment:, rev:, og:) within 60 min.
   */
  keys?: string[];
  /** the record is a bot/integration echo of another source (Slack bot posts of PagerDuty, ...) */
  echoOf?: SourceType | null;
  /**
   * Facts this source states about the happening, compared across merged sources: different values
   * for the same name become a conflict on the event (never resolved silently). E.g.
   * `{ revision: '4be1c9d', status: 'success', service: 'checkout-api' }`.
   */
  facts?: Record<string, string>;
  /** noise (joins, topic changes, heartbeats): importers drop these rather than emit them */
}

export interface ParseResult {
  events: RawEvent[];
  series: MetricSeries[];
  warnings: IngestWarning[];
}

export interface ParseContext {
  /** IANA zone assumed for times that carry none, or null: then such times are a warning, never a guess */
  tz: string | null;
  /** display path of this file (or folder, for bundles), relative to the input given */
  file: string;
  /** optional chat channel filter (glob, e.g. `inc-*`); importers may use it to skip whole channels early */
  channel?: string | null;
  /**
   * When set, the importer may hand events over in batches, in order, as it reads them (a Slack export:
   * a day file at a time) instead of returning them, so a big export is never held whole; return the
   * rest (or none) in ParseResult.events as usual. Bundle importers only.
   */
  emit?: (events: RawEvent[]) => void;
}

/** A file inside an input: a plain file, a file inside a folder, or a zip entry. */
export interface VFile {
  /** display path: relative to the input the user gave (zip entries: `export.zip/inc/2024-03-12.json`) */
  path: string;
  /** last path segment */
  name: string;
  /** size in bytes (uncompressed for zip entries) */
  size: number;
  /** whole content, decoded: UTF-8 (BOM stripped) or UTF-16 with BOM. Rejects above the size cap. */
  readText(): Promise<string>;
  /**
   * Whole content as bytes. `into`: a scratch buffer the bytes may be read into (the result is then a
   * view of it, valid until the caller reuses it); implementations are free to ignore it.
   */
  readBytes(into?: Buffer): Promise<Uint8Array>;
  /** decoded lines, streamed, 1-based line numbers; works on files of any size */
  lines(): AsyncIterable<{ line: number; text: string }>;
}

/** A folder (or a zip, or a folder inside one): every file below it, recursively. */
export interface VDir {
  /** display path of the folder */
  path: string;
  /** every file below, recursively; VFile.path stays the display path */
  files: VFile[];
  /** find a file by its path relative to this folder (`users.json`, `inc-1932/2024-03-12.json`) */
  get(relPath: string): VFile | undefined;
  /** path of a file relative to this folder */
  rel(file: VFile): string;
}

/** What `detect` sees of a file. */
export interface DetectInput {
  /** file name (last segment) */
  name: string;
  /** the decoded first bytes of the file (up to HEAD_BYTES) */
  head: string;
  /** the whole file parsed as JSON when it is JSON and not too large, else undefined */
  json: unknown | undefined;
  /** size in bytes */
  size: number;
}

export const HEAD_BYTES = 64 * 1024;

export interface FileImporter {
  /** unique id, e.g. 'pagerduty', 'discord-csv' */
  id: string;
  source: SourceType;
  /** decide from content, not the name. Must be cheap and never throw. */
  detect(input: DetectInput): boolean;
  parse(file: VFile, input: DetectInput, ctx: ParseContext): ParseResult | Promise<ParseResult>;
}

export interface BundleImporter {
  id: string;
  source: SourceType;
  /** a folder that is one export (Slack: channels.json + users.json + channel folders) */
  detectBundle(dir: VDir): boolean;
  parseBundle(dir: VDir, ctx: ParseContext): ParseResult | Promise<ParseResult>;
}

export type Importer = FileImporter | BundleImporter;

export function isBundleImporter(i: Importer): i is BundleImporter {
  return typeof (i as BundleImporter).detectBundle === 'function';
}

export function emptyResult(): ParseResult {
  return { events: [], series: [], warnings: [] };
}
