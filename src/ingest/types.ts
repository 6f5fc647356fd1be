// The contract between the per-format importers and reconstruction (reconcile.ts).
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
  /** file path relative to the input the user gave */
  file: string;
  /** upstream id: Slack ts, log entry id, line number */
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
  /** the raw time string as written in the source */
  rawTime?: string;
  /** the raw excerpt of the record, sanitised, for the evidence pane */
  excerpt?: string;
  channel?: string | null;
  /** ref of the thread parent (same source and file) */
  parentRef?: string | null;
  /**
   * Hints for merging the same happening across sources, e.g. `deploy:checkout-api`,
   * `deployment:4821`, `alert:Checkout5xx`, `pd-incident:Q1932`. Reconcile merges events
   * within a time window that share a key and are compatible in kind.
   */
  keys?: string[];
  /** the record is a bot/integration echo of another source (Slack bot posts of PagerDuty, ...) */
  echoOf?: SourceType | null;
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
  /** display path of this file, relative to the input given */
  file: string;
}
