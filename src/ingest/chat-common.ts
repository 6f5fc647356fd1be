// Helpers shared by the chat importers (slack, teams, discord, text): cheap sanitising, strict ISO
// parsing, bot-post classification (echoes of PagerDuty, Alertmanager, GitHub, Statuspage, Argo CD,
// Opsgenie, Grafana) and heartbeat detection.
//
// Keys emitted on bot echoes (conventions of types.ts): pd:<number>, alert:<alertname lower-case>,
// deployment:<id>, deploy:<app lower-case>, rev:<sha7>, status:<statuspage incident id>, og:<tiny id>.
import type { EventKind, SourceType } from '../domain/schema.js';
import { sanitize } from '../domain/text.js';

// Any character sanitize() would touch: C0/C1 controls (ESC and CSI included), DEL, CR, bidi marks.
const NEEDS_SANITIZE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

/** sanitize() with a one-scan fast path for the common clean string. */
export function clean(text: string): string {
  if (!text) return '';
  return NEEDS_SANITIZE.test(text) ? sanitize(text) : text;
}

/** Trim and collapse runs of blank lines; keep inner newlines (pasted logs stay readable). */
export function tidy(text: string): string {
  const t = text.trim();
  return t.includes('\n\n\n') ? t.replace(/\n{3,}/g, '\n\n') : t;
}

const EXCERPT_MAX = 400;
/** A short, sanitised excerpt for the evidence pane. */
export function excerptOf(raw: string): string {
  const s = raw.length > EXCERPT_MAX ? `${raw.slice(0, EXCERPT_MAX - 1)}…` : raw;
  return clean(s);
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Strict ISO 8601 with an explicit zone (Z, +01:00, +0100, -07) to epoch ms UTC; 0-9 fraction digits
 * (truncated to ms). Returns null for anything else (a zone-less time, `2021-03-1706:47:05.123Z`, the Go
 * zero time 0001-01-01).
 */
export function parseIsoZoned(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = ISO.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s ? Number(s) : 0;
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return null;
  }
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 18 || om > 59) return null;
    t -= sign * (oh * 60 + om) * 60000;
  }
  return t;
}

/** Discord snowflake to creation time (ms), exact with BigInt; null if it is not a snowflake. */
export function snowflakeTime(id: unknown): number | null {
  if (typeof id !== 'string' || !/^\d{15,20}$/.test(id)) return null;
  try {
    return Number((BigInt(id) >> 22n) + 1420070400000n);
  } catch {
    return null;
  }
}

export interface BotClass {
  kind: EventKind;
  echoOf: SourceType | null;
  keys: string[];
}

const HEARTBEAT = /\bheart-?beat\b|\bchecked in\b|\bkeep-?alive\b/i;
/** A bot's periodic "I am alive" post: noise, never an event. */
export function isBotHeartbeat(text: string): boolean {
  return HEARTBEAT.test(text);
}
/** For sources that do not say who is a bot (CSV, pasted text): only an unmistakable heartbeat line. */
export function isHeartbeatLine(text: string): boolean {
  return /^\W{0,4}heart-?beat\b/i.test(text.trim());
}

const PD_VERB = /\b(triggered|acknowledged|resolved|escalated|reassigned|assigned|notified)\b/i;
const AM_TAG = /\[(FIRING|RESOLVED)(?::\d+)?\]\s*([A-Za-z_][A-Za-z0-9_:.-]*)/;
const GH_DEPLOY = /\bdeployment #?(\d+)\b/i;
const GH_REPO = /\bof\s+`?[\w.-]+\/([\w.-]+?)`?(?=[\s,.]|$)/;
const GH_SHA = /\(([0-9a-f]{7,40})\)/;
const STATUS_WORD = /\((investigating|identified|monitoring|resolved|update|scheduled|in progress|verifying|completed|postmortem)\)/i;
const STATUS_URL = /\/incidents\/([a-z0-9]{6,})/i;
const NUMBER = /#(\d{2,})\b/;
const ARGO_APP = /\bapplication\s+\**([A-Za-z0-9][A-Za-z0-9._-]*)\**/i;
const ARGO_SYNCED = /^\**([A-Za-z0-9][A-Za-z0-9._-]*)\**\s+(?:synced|sync succeeded|deployed)/im;
const REVISION = /\brevision\s+\**([0-9a-f]{7,40})\b/i;

function pdKind(text: string): EventKind {
  const m = PD_VERB.exec(text);
  switch (m?.[1]?.toLowerCase()) {
    case 'triggered':
      return 'alert';
    case 'acknowledged':
      return 'ack';
    case 'resolved':
      return 'resolve';
    case 'escalated':
    case 'reassigned':
      return 'escalation';
    case 'assigned':
    case 'notified':
      return 'page';
    default:
      return 'message';
  }
}

/**
 * Classify a bot/integration post by its name and text. `text` is the plain text; `raw` may add link
 * targets (URLs) that the plain text dropped. Returns 'heartbeat' for noise.
 */
export function classifyBot(name: string | null, text: string, raw = ''): BotClass | 'heartbeat' {
  const n = (name ?? '').toLowerCase();
  const all = raw ? `${text}\n${raw}` : text;
  if (isBotHeartbeat(text)) return 'heartbeat';
  const am = AM_TAG.exec(text);
  const alertKey = am?.[2] ? `alert:${am[2].toLowerCase()}` : null;

  if (n.includes('pagerduty') || (PD_VERB.test(text) && /pagerduty/i.test(all))) {
    const keys: string[] = [];
    const num = NUMBER.exec(text);
    if (num?.[1]) keys.push(`pd:${num[1]}`);
    const kind = pdKind(text);
    if (alertKey && kind === 'alert') keys.push(alertKey);
    return { kind, echoOf: 'pagerduty', keys };
  }
  if (n.includes('opsgenie')) {
    const keys: string[] = [];
    const num = NUMBER.exec(text);
    if (num?.[1]) keys.push(`og:${num[1]}`);
    const k = /\b(acknowledged|closed|resolved)\b/i.exec(text)?.[1]?.toLowerCase();
    const kind: EventKind = k === 'acknowledged' ? 'ack' : k ? 'resolve' : 'alert';
    return { kind, echoOf: 'opsgenie', keys };
  }
  if (am) {
    return { kind: am[1] === 'FIRING' ? 'alert' : 'resolve', echoOf: 'alertmanager', keys: alertKey ? [alertKey] : [] };
  }
  const gh = GH_DEPLOY.exec(text);
  if (gh?.[1] && (n.includes('github') || n.includes('deploy') || /github/i.test(all) || n === '')) {
    const keys = [`deployment:${gh[1]}`];
    const repo = GH_REPO.exec(text)?.[1];
    if (repo) keys.push(`deploy:${repo.toLowerCase()}`);
    const sha = GH_SHA.exec(text)?.[1];
    if (sha) keys.push(`rev:${sha.slice(0, 7).toLowerCase()}`);
    return { kind: 'deploy', echoOf: 'github', keys };
  }
  if (n.includes('argo')) {
    const keys: string[] = [];
    const app = ARGO_APP.exec(text)?.[1] ?? ARGO_SYNCED.exec(text)?.[1];
    if (app) keys.push(`deploy:${app.toLowerCase()}`);
    const rev = REVISION.exec(text)?.[1];
    if (rev) keys.push(`rev:${rev.slice(0, 7).toLowerCase()}`);
    return { kind: /\b(fail|degraded|error)/i.test(text) ? 'alert' : 'deploy', echoOf: 'argocd', keys };
  }
  if (n.includes('statuspage') || (STATUS_WORD.test(text) && /\bincident\b/i.test(text) && STATUS_URL.test(all))) {
    const keys: string[] = [];
    const id = STATUS_URL.exec(all)?.[1];
    if (id) keys.push(`status:${id.toLowerCase()}`);
    return { kind: 'status', echoOf: 'statuspage', keys };
  }
  if (n.includes('grafana') && /\[(alerting|firing)\]/i.test(text)) {
    return { kind: 'alert', echoOf: 'grafana', keys: [] };
  }
  return { kind: 'message', echoOf: null, keys: [] };
}

/** Last path segment without the extension. */
export function baseName(path: string): string {
  const seg = path.split(/[\\/]/).pop() ?? path;
  return seg.replace(/\.[^.]+$/, '');
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;
}
