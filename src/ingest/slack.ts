// Slack importers: the workspace export (folder or zip: channels.json, users.json, <channel>/<day>.json)
// and Web API dumps (conversations.history / conversations.replies pages, bare message arrays, NDJSON).
//
// Emits one RawEvent per human or bot message: kind `message`, or, for integration posts whose meaning
// is obvious (PagerDuty, Alertmanager, GitHub deployments, Statuspage, Argo CD, Opsgenie), that kind plus
// `echoOf` and merge keys (see chat-common.ts). Noise (joins, leaves, topic/purpose/name changes,
// pins, bot add/remove, heartbeats, tombstones, hidden edit/delete records) is dropped. Thread replies
// carry `parentRef` = the parent's ts; every ts is emitted once per channel.
//
// Performance: day files are read and parsed one at a time; per message the work is a few cheap tests,
// one regex pass for `<...>` tokens when the text has a `<`, and a one-scan sanitise fast path.
import { isAscii } from 'node:buffer';
import type { EventKind } from '../domain/schema.js';
import { classifyBot, clean, excerptOf, isRecord, baseName, tidy } from './chat-common.js';
import type {
  BundleImporter,
  DetectInput,
  FileImporter,
  IngestWarning,
  ParseContext,
  ParseResult,
  RawEvent,
  VDir,
  VFile,
} from './types.js';
import { decodeBytes } from './walk.js';

/** Names of people, bots and channels, built once per export. */
export interface SlackDirectory {
  users: Map<string, string>;
  /** bot id (B...) to name, from users[].profile.bot_id */
  bots: Map<string, string>;
  /** channel id (C.../G.../D...) to name */
  channels: Map<string, string>;
}

export function emptyDirectory(): SlackDirectory {
  return { users: new Map(), bots: new Map(), channels: new Map() };
}

function s(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** display_name, else real_name, else name (deleted users keep theirs). */
export function slackUserName(u: Record<string, unknown>): string {
  const p = isRecord(u.profile) ? u.profile : {};
  return s(p.display_name).trim() || s(p.real_name).trim() || s(u.real_name).trim() || s(u.name).trim() || s(u.id);
}

export function addUsers(dir: SlackDirectory, users: unknown): void {
  if (!Array.isArray(users)) return;
  for (const u of users) {
    if (!isRecord(u) || typeof u.id !== 'string') continue;
    const name = clean(slackUserName(u));
    dir.users.set(u.id, name);
    const p = isRecord(u.profile) ? u.profile : null;
    if (p && typeof p.bot_id === 'string') dir.bots.set(p.bot_id, name);
  }
}

export function addChannels(dir: SlackDirectory, list: unknown): void {
  if (!Array.isArray(list)) return;
  for (const c of list) {
    if (!isRecord(c) || typeof c.id !== 'string') continue;
    if (typeof c.name === 'string' && c.name) dir.channels.set(c.id, clean(c.name));
  }
}

// ---------------------------------------------------------------------------------------- mrkdwn

const SPECIAL: Record<string, string> = { here: '@here', channel: '@channel', everyone: '@everyone', group: '@channel' };
const BOLD = /(^|[\s(>])\*(?=\S)([^*\n]+?)\*(?=$|[\s).,:;!?'"])/gm;
const ITALIC = /(^|[\s(>])_(?=\S)([^_\n]+?)_(?=$|[\s).,:;!?'"])/gm;
const STRIKE = /(^|[\s(>])~(?=\S)([^~\n]+?)~(?=$|[\s).,:;!?'"])/gm;
const FENCE = /```/g;

const OPEN_BEFORE = /[\s(>]/;
const NON_SPACE = /\S/;

/**
 * Whether `mark` occurs where BOLD, ITALIC or STRIKE could start a match: at the start or after a
 * space, `(` or `>`, and before a non-space. Without one the regex cannot match (and its scan, which
 * tries every position, is skipped: `snake_case` names are common).
 */
function mayOpen(text: string, mark: string): boolean {
  for (let i = text.indexOf(mark); i >= 0 && i + 1 < text.length; i = text.indexOf(mark, i + 1)) {
    if ((i === 0 || OPEN_BEFORE.test(text[i - 1]!)) && NON_SPACE.test(text[i + 1]!)) return true;
  }
  return false;
}

/**
 * Slack mrkdwn to plain text: `<@U..>` to @name, `<#C..|name>` to #name, `<!here>` to @here, links to
 * their label (else the URL), then &amp; &lt; &gt; decoded, then *bold* _italic_ ~strike~ and code
 * fences unwrapped. Not sanitised (callers do that once on the result).
 */
export function resolveMrkdwn(text: string, dir: SlackDirectory): string {
  // Hand-written scans instead of regex replace with callbacks: this runs once per message and is the
  // hot path of a million-message export.
  let out = text;
  let lt = out.indexOf('<');
  if (lt >= 0) {
    let res = '';
    let last = 0;
    while (lt >= 0) {
      const gt = out.indexOf('>', lt + 1);
      if (gt < 0) break;
      res += out.slice(last, lt) + token(out.slice(lt + 1, gt), dir);
      last = gt + 1;
      lt = out.indexOf('<', last);
    }
    out = last === 0 ? out : res + out.slice(last);
  }
  let amp = out.indexOf('&');
  if (amp >= 0) {
    let res = '';
    let last = 0;
    while (amp >= 0) {
      let rep: string | null = null;
      let len = 0;
      if (out.startsWith('amp;', amp + 1)) {
        rep = '&';
        len = 5;
      } else if (out.startsWith('lt;', amp + 1)) {
        rep = '<';
        len = 4;
      } else if (out.startsWith('gt;', amp + 1)) {
        rep = '>';
        len = 4;
      }
      if (rep !== null) {
        res += out.slice(last, amp) + rep;
        last = amp + len;
      }
      amp = out.indexOf('&', amp + 1);
    }
    out = last === 0 ? out : res + out.slice(last);
  }
  if (mayOpen(out, '*')) out = out.replace(BOLD, '$1$2');
  if (mayOpen(out, '_')) out = out.replace(ITALIC, '$1$2');
  if (mayOpen(out, '~')) out = out.replace(STRIKE, '$1$2');
  if (out.includes('```')) out = out.replace(FENCE, '\n').replace(/\n{2,}/g, '\n');
  return out;
}

/** One `<...>` token's display text (inner = the text between the angle brackets). */
function token(inner: string, dir: SlackDirectory): string {
  const bar = inner.indexOf('|');
  const sigil = inner.charCodeAt(0);
  const hasSigil = sigil === 64 /* @ */ || sigil === 35 /* # */ || sigil === 33; /* ! */
  const target = bar < 0 ? inner.slice(hasSigil ? 1 : 0) : inner.slice(hasSigil ? 1 : 0, bar);
  const label = bar < 0 ? '' : inner.slice(bar + 1);
  if (sigil === 64) {
    const name = dir.users.get(target) ?? (label ? (label.charCodeAt(0) === 64 ? label.slice(1) : label) : target);
    return `@${name}`;
  }
  if (sigil === 35) return `#${label || dir.channels.get(target) || target}`;
  if (sigil === 33) {
    const special = SPECIAL[target];
    if (special) return special;
    if (label) return label;
    if (target.startsWith('subteam^')) return '@group';
    if (target.startsWith('date^')) return target.split('^')[1] ?? '';
    return `@${target}`;
  }
  if (label) return label;
  return target.startsWith('mailto:') ? target.slice(7) : target;
}

// ------------------------------------------------------------------------------- message to text

function richTextElements(elements: unknown, dir: SlackDirectory, out: string[]): void {
  if (!Array.isArray(elements)) return;
  for (const el of elements) {
    if (!isRecord(el)) continue;
    switch (el.type) {
      case 'text':
        out.push(s(el.text));
        break;
      case 'user': {
        const id = s(el.user_id);
        out.push(`@${dir.users.get(id) ?? id}`);
        break;
      }
      case 'channel': {
        const id = s(el.channel_id);
        out.push(`#${dir.channels.get(id) ?? id}`);
        break;
      }
      case 'link':
        out.push(s(el.text) || s(el.url));
        break;
      case 'emoji':
        out.push(`:${s(el.name)}:`);
        break;
      case 'broadcast':
        out.push(`@${s(el.range)}`);
        break;
      case 'usergroup':
        out.push('@group');
        break;
      default:
        if (Array.isArray(el.elements)) {
          richTextElements(el.elements, dir, out);
          if (el.type === 'rich_text_section' || el.type === 'rich_text_preformatted' || el.type === 'rich_text_quote') {
            out.push('\n');
          }
        } else if (typeof el.text === 'string') out.push(el.text);
    }
  }
}

/** Plain text of Block Kit blocks (rich_text, section, header, context, fields). */
export function blocksText(blocks: unknown, dir: SlackDirectory): string {
  if (!Array.isArray(blocks)) return '';
  const out: string[] = [];
  for (const b of blocks) {
    if (!isRecord(b)) continue;
    if (b.type === 'rich_text') {
      const parts: string[] = [];
      richTextElements(b.elements, dir, parts);
      out.push(parts.join('').trim());
      continue;
    }
    const t = isRecord(b.text) ? s(b.text.text) : '';
    if (t) out.push(resolveMrkdwn(t, dir));
    if (Array.isArray(b.fields)) {
      for (const f of b.fields) if (isRecord(f) && typeof f.text === 'string') out.push(resolveMrkdwn(f.text, dir));
    }
    if (b.type === 'context' && Array.isArray(b.elements)) {
      for (const e of b.elements) if (isRecord(e) && typeof e.text === 'string') out.push(resolveMrkdwn(e.text, dir));
    }
  }
  return out.filter(Boolean).join('\n');
}

/** Plain text of legacy attachments: pretext, title (or the fallback when it says more), text, fields. */
export function attachmentsText(atts: unknown, dir: SlackDirectory): string {
  if (!Array.isArray(atts)) return '';
  const out: string[] = [];
  for (const a of atts) {
    if (!isRecord(a)) continue;
    const pretext = s(a.pretext);
    const title = s(a.title);
    const text = s(a.text);
    const fallback = s(a.fallback);
    let head = '';
    if (title) head = fallback && fallback !== title && fallback.includes(title) ? fallback : title;
    else if (!pretext && !text) head = fallback;
    if (pretext) out.push(resolveMrkdwn(pretext, dir));
    if (head) out.push(resolveMrkdwn(head, dir));
    if (text) out.push(resolveMrkdwn(text, dir));
    if (Array.isArray(a.fields)) {
      for (const f of a.fields) {
        if (!isRecord(f)) continue;
        const ft = s(f.title);
        const fv = s(f.value);
        if (ft || fv) out.push(resolveMrkdwn(ft && fv ? `${ft}: ${fv}` : ft || fv, dir));
      }
    }
    if (!pretext && !head && !text && Array.isArray(a.blocks)) out.push(blocksText(a.blocks, dir));
  }
  return out.filter(Boolean).join('\n');
}

function filesText(msg: Record<string, unknown>): string {
  const files = Array.isArray(msg.files) ? msg.files : isRecord(msg.file) ? [msg.file] : null;
  if (!files) return '';
  const out: string[] = [];
  for (const f of files) {
    if (!isRecord(f)) continue;
    if (f.mode === 'tombstone' || f.mode === 'hidden_by_limit') continue;
    const name = s(f.title) || s(f.name);
    if (name) out.push(`[file: ${name}]`);
  }
  return out.join(' ');
}

// ------------------------------------------------------------------------------------ messages

/** Subtypes that are never an event. */
export const SLACK_NOISE_SUBTYPES: ReadonlySet<string> = new Set([
  'channel_join',
  'channel_leave',
  'group_join',
  'group_leave',
  'channel_topic',
  'channel_purpose',
  'channel_name',
  'group_topic',
  'group_purpose',
  'group_name',
  'channel_archive',
  'channel_unarchive',
  'group_archive',
  'group_unarchive',
  'channel_convert_to_private',
  'channel_convert_to_public',
  'channel_posting_permissions',
  'pinned_item',
  'unpinned_item',
  'bot_add',
  'bot_remove',
  'bot_enable',
  'bot_disable',
  'app_conversation_join',
  'joiner_notification',
  'reminder_add',
  'ekm_access_denied',
  'tombstone',
  'message_changed',
  'message_deleted',
  'message_replied',
  'huddle_thread',
  'sh_room_created',
]);

const TS = /^(\d{1,12})(?:\.(\d{1,6}))?$/;
const NON_BLANK = /\S/;
function isBlank(text: string): boolean {
  return !NON_BLANK.test(text);
}

/** Slack ts to epoch ms, exact (string arithmetic), or null. */
export function slackTsToMs(ts: unknown): number | null {
  // digits, optionally "." and 1-6 digits; parsed by hand (no regex match array per message)
  if (typeof ts !== 'string') return null;
  const n = ts.length;
  let sec = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = ts.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    sec = sec * 10 + c;
  }
  if (i === 0 || i > 12) return null;
  if (i === n) return sec * 1000;
  if (ts.charCodeAt(i) !== 46 /* . */ || n - i - 1 < 1 || n - i - 1 > 6) return null;
  let frac = 0;
  let digits = 0;
  for (i++; i < n; i++, digits++) {
    const c = ts.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    frac = frac * 10 + c;
  }
  for (; digits < 6; digits++) frac *= 10;
  return sec * 1000 + Math.floor(frac / 1000);
}

/** What convertSlackMessage needs of the set of ts already emitted (a Set<string> will do). */
export interface TsSeen {
  has(ts: string): boolean;
  add(ts: string): unknown;
  delete(ts: string): unknown;
}

/**
 * The usual ts, `1710244040.000511` (ten digits, the first 1-8, a point, six digits), as the number
 * 1710244040000511 (below 2^53: exact, and one number per such string), else -1.
 */
function tsKey(ts: string): number {
  if (ts.length !== 17 || ts.charCodeAt(10) !== 46) return -1;
  let sec = 0;
  for (let i = 0; i < 10; i++) {
    const c = ts.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    sec = sec * 10 + c;
  }
  if (sec < 1e9 || sec >= 9e9) return -1;
  let frac = 0;
  for (let i = 11; i < 17; i++) {
    const c = ts.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    frac = frac * 10 + c;
  }
  return sec * 1e6 + frac;
}

/**
 * The ts emitted in a channel: the usual ones as numbers in an open-addressing table (a lookup hashes
 * no string and touches one slot), any other in a Set. Same answers as a Set<string>.
 */
export class TsSet implements TsSeen {
  // key + 1 per slot; 0 empty, -1 deleted
  private keys = new Float64Array(1 << 10);
  private used = 0;
  private readonly other = new Set<string>();

  has(ts: string): boolean {
    const key = tsKey(ts);
    return key < 0 ? this.other.has(ts) : this.slot(key + 1) >= 0;
  }

  add(ts: string): this {
    const key = tsKey(ts);
    if (key < 0) this.other.add(ts);
    else if (this.slot(key + 1) < 0) {
      if ((this.used + 1) * 2 > this.keys.length) this.grow();
      this.place(key + 1);
    }
    return this;
  }

  delete(ts: string): boolean {
    const key = tsKey(ts);
    if (key < 0) return this.other.delete(ts);
    const i = this.slot(key + 1);
    if (i < 0) return false;
    this.keys[i] = -1;
    return true;
  }

  private static hash(k: number, mask: number): number {
    const lo = k % 4294967296 | 0;
    const hi = (k / 4294967296) | 0;
    const h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    return (h ^ (h >>> 15)) & mask;
  }

  /** the slot holding k, or -1 */
  private slot(k: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let i = TsSet.hash(k, mask); ; i = (i + 1) & mask) {
      const v = keys[i]!;
      if (v === k) return i;
      if (v === 0) return -1;
    }
  }

  /** put k in the first empty slot of its chain (k is not in the table) */
  private place(k: number): void {
    const keys = this.keys;
    const mask = keys.length - 1;
    let i = TsSet.hash(k, mask);
    while (keys[i] !== 0) i = (i + 1) & mask;
    keys[i] = k;
    this.used++;
  }

  private grow(): void {
    const old = this.keys;
    let live = 0;
    for (const v of old) if (v > 0) live++;
    this.keys = new Float64Array(live * 2 + 2 > old.length ? old.length * 2 : old.length);
    this.used = 0;
    for (const v of old) if (v > 0) this.place(v);
  }
}

export interface SlackConvertContext {
  dir: SlackDirectory;
  file: string;
  channel: string | null;
  warnings: IngestWarning[];
  /** ts already emitted for this channel (replies and broadcasts are kept once) */
  seen: TsSeen;
  /** check every message against `seen` (API dumps), not only thread messages (exports) */
  dedupeAll?: boolean;
  /** when set, each ts added to `seen` is also listed here (so a file given up on can take them back) */
  added?: string[];
  /**
   * the messages were parsed from latin-1 text of UTF-8 bytes (see dayText): their strings hold raw
   * bytes, and each string the converter reads is decoded where it is read
   */
  rawBytes?: boolean;
}

function actorOf(msg: Record<string, unknown>, dir: SlackDirectory, isBot: boolean, raw: boolean): string | null {
  // raw: strings hold UTF-8 bytes (dayText); each is decoded when read
  const u = (v: string) => (raw ? utf8Of(v) : v);
  const user = typeof msg.user === 'string' ? u(msg.user) : null;
  if (user) {
    const known = dir.users.get(user);
    if (known) return known;
  }
  if (isBot) {
    const botId = typeof msg.bot_id === 'string' ? u(msg.bot_id) : null;
    const byBot = botId ? dir.bots.get(botId) : undefined;
    if (byBot) return byBot;
    if (typeof msg.username === 'string' && msg.username) return clean(u(msg.username));
    if (isRecord(msg.bot_profile) && typeof msg.bot_profile.name === 'string') return clean(u(msg.bot_profile.name));
  }
  if (isRecord(msg.user_profile)) {
    const p = msg.user_profile;
    // decoded before trim: a continuation byte 0xA0 reads as a no-break space
    const n = u(s(p.display_name)).trim() || u(s(p.real_name)).trim() || u(s(p.name)).trim();
    if (n) return clean(n);
  }
  if (typeof msg.username === 'string' && msg.username) return clean(u(msg.username));
  if (user === 'USLACKBOT') return 'Slackbot'; // often missing from users.json
  return user ? clean(user) : null;
}

// ------------------------------------------------------------------- day files as raw bytes

/**
 * A day file's text for JSON.parse. Decoding UTF-8 to a JS string costs more than parsing it (and a
 * single non-latin-1 character makes the whole text two bytes a character), while latin-1 decoding is
 * a plain copy. JSON's syntax is ASCII and no byte of a multi-byte UTF-8 sequence is ASCII, so the
 * latin-1 text parses to exactly the values of the UTF-8 text, except that each string holds its own
 * UTF-8 bytes, one character each, to be decoded on its own (utf8Of); decoding a string alone gives
 * the same characters as decoding the whole file, invalid sequences included, because a sequence
 * never spans an ASCII byte. Only a \u escape of a non-ASCII character would mix a real character
 * into the bytes: such a file (and a UTF-16 one) is decoded as before. `raw` says whether strings
 * need decoding (not when the file is all ASCII).
 */
export function dayText(bytes: Uint8Array): { text: string; raw: boolean } {
  const buf = asBuffer(bytes);
  if (isUtf16(buf)) return { text: decodeBytes(buf), raw: false };
  return partText(buf, bomLength(buf), buf.length);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function isUtf16(buf: Buffer): boolean {
  return buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));
}

function bomLength(buf: Buffer): number {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
}

/** dayText of the UTF-8 bytes buf[a, b) (a, b at ASCII bytes: no sequence is cut). */
function partText(buf: Buffer, a: number, b: number): { text: string; raw: boolean } {
  const sub = buf.subarray(a, b);
  if (isAscii(sub)) return { text: latin1(sub, 0), raw: false };
  const text = latin1(sub, 0);
  for (let i = text.indexOf('\\u'); i >= 0; i = text.indexOf('\\u', i + 2)) {
    // \u0000-\u007f parse to the same ASCII character either way
    const x = text.charCodeAt(i + 4);
    if (text.charCodeAt(i + 2) !== 48 || text.charCodeAt(i + 3) !== 48 || x < 48 || x > 55) return { text: sub.toString('utf8'), raw: false };
  }
  return { text, raw: true };
}

/** Between two messages of a day file as Slack writes it (pretty-printed, four spaces a level). */
const BETWEEN = Buffer.from('\n    },\n    {');
const PART = 100 * 1024;

/**
 * Where a big day file can be cut into pieces of about PART bytes that parse on their own: the commas
 * between two top-level messages. A raw line break cannot be inside a JSON string, so BETWEEN is always
 * structure; at depth 1 it is between messages, and a cut anywhere deeper leaves some piece with
 * unbalanced brackets, which JSON.parse refuses (the file is then parsed whole). Parsing and converting
 * a piece at a time keeps each piece's text and objects young: they die before the next scavenge
 * instead of being promoted with a whole file's worth.
 */
export function splitPoints(buf: Buffer, start: number): number[] {
  const out: number[] = [];
  if (buf.length - start < 2 * PART) return out;
  for (let pos = start + PART; pos < buf.length - PART; ) {
    const i = buf.indexOf(BETWEEN, pos);
    if (i < 0) break;
    out.push(i + 6);
    pos = i + 6 + PART;
  }
  return out;
}

/**
 * Latin-1 text of a buffer, decoded in small pieces and joined: Node hands a latin-1 string over about
 * 1 MB to V8 as an external string, and external memory that size, a file at a time, makes V8 run a
 * full collection every few files (pieces of 512 KB: large-object pages, never copied by the scavenger).
 */
function latin1(buf: Buffer, start: number): string {
  const PIECE = 1 << 19;
  if (buf.length - start <= PIECE) return buf.toString('latin1', start);
  const parts: string[] = [];
  for (let i = start; i < buf.length; i += PIECE) parts.push(buf.toString('latin1', i, Math.min(buf.length, i + PIECE)));
  return parts.join('');
}

const NON_ASCII = /[^\u0000-\u007f]/;

/** A string of raw UTF-8 bytes (one latin-1 character each) decoded. */
export function utf8Of(s: string): string {
  return NON_ASCII.test(s) ? Buffer.from(s, 'latin1').toString('utf8') : s;
}

/** Decode every string below a parsed value in place (values, not keys: keys are only looked up by ASCII names). */
function fixDeep(v: unknown): unknown {
  if (typeof v === 'string') return utf8Of(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'string') {
        if (NON_ASCII.test(x)) v[i] = utf8Of(x);
      } else if (typeof x === 'object' && x !== null) fixDeep(x);
    }
  } else if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const x = o[k];
      if (typeof x === 'string') {
        if (NON_ASCII.test(x)) o[k] = utf8Of(x);
      } else if (typeof x === 'object' && x !== null) fixDeep(x);
    }
  }
  return v;
}

// Any character clean() would touch, and any non-ASCII one: text without one is ASCII and clean as is.
const RAW_OR_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\uffff]/;

/** clean() of a raw-bytes string: decoded first; one scan when it is plain ASCII (most messages). */
function cleanBytes(text: string): string {
  if (!text) return '';
  return RAW_OR_UNSAFE.test(text) ? clean(utf8Of(text)) : text;
}

/**
 * One Slack message object to a RawEvent, or null when it is noise or empty. Malformed records (no ts,
 * wrong types) add a warning naming the file and the record index.
 */
export function convertSlackMessage(msg: unknown, index: number, cx: SlackConvertContext): RawEvent | null {
  if (!isRecord(msg)) {
    cx.warnings.push({ file: cx.file, line: null, message: `record ${index + 1}: not a message object, skipped` });
    return null;
  }
  // raw: the strings hold UTF-8 bytes (dayText) and are decoded where read; a valid ts is ASCII, and
  // type and subtype are only compared with ASCII names
  const raw = cx.rawBytes === true;
  const ts = msg.ts;
  const occurredAt = slackTsToMs(ts);
  if (occurredAt === null || typeof ts !== 'string') {
    const shown = JSON.stringify(ts) ?? '';
    cx.warnings.push({
      file: cx.file,
      line: null,
      message: `record ${index + 1}: message without a valid "ts" (${ts === undefined ? 'missing' : clean(raw ? utf8Of(shown) : shown)}), skipped`,
    });
    return null;
  }
  if (msg.type !== undefined && msg.type !== 'message') return null;
  const subtype = typeof msg.subtype === 'string' ? msg.subtype : null;
  if (subtype && SLACK_NOISE_SUBTYPES.has(subtype)) return null;
  if (msg.hidden === true) return null;
  const threadTs = typeof msg.thread_ts === 'string' ? (raw ? utf8Of(msg.thread_ts) : msg.thread_ts) : null;
  // Only thread messages can be listed twice in an export (a broadcast as a channel message and as a
  // reply); API dumps (history + replies pages, overlapping saves) can repeat anything.
  const dedupe = cx.dedupeAll || threadTs !== null;
  if (dedupe && cx.seen.has(ts)) return null;

  const dir = cx.dir;
  const rawText = typeof msg.text === 'string' ? (raw ? cleanBytes(msg.text) : clean(msg.text)) : '';
  if (msg.text !== undefined && typeof msg.text !== 'string') {
    cx.warnings.push({ file: cx.file, line: null, message: `record ${index + 1} (ts ${ts}): "text" is not a string, using attachments/blocks only` });
  }
  let text = rawText ? resolveMrkdwn(rawText, dir) : '';
  let extraRaw = '';
  if (text.length === 0 || isBlank(text)) {
    if (msg.attachments !== undefined) {
      if (raw) fixDeep(msg.attachments);
      text = clean(attachmentsText(msg.attachments, dir));
      extraRaw = attachmentsRaw(msg.attachments);
    }
    if (isBlank(text) && msg.blocks !== undefined) text = clean(blocksText(raw ? fixDeep(msg.blocks) : msg.blocks, dir));
  }
  if (msg.files !== undefined || msg.file !== undefined) {
    if (raw) {
      fixDeep(msg.files);
      fixDeep(msg.file);
    }
    const files = clean(filesText(msg));
    if (files) text = isBlank(text) ? files : `${text} ${files}`;
  }
  text = tidy(text);
  if (!text) return null;

  const isBot = subtype === 'bot_message' || typeof msg.bot_id === 'string' || isRecord(msg.bot_profile);
  const actor = actorOf(msg, dir, isBot, raw);
  let kind: EventKind = 'message';
  let echoOf: RawEvent['echoOf'] = null;
  let keys: string[] | undefined;
  if (isBot) {
    const c = classifyBot(actor, text, rawText + extraRaw);
    if (c === 'heartbeat') return null;
    kind = c.kind;
    echoOf = c.echoOf;
    if (c.keys.length) keys = c.keys;
  }
  if (dedupe) {
    cx.seen.add(ts);
    cx.added?.push(ts);
  }

  const ev: RawEvent = {
    source: 'slack',
    file: cx.file,
    ref: ts,
    occurredAt,
    precision: 'second',
    kind,
    actor,
    text,
    // every piece of it went through clean() (names when the directory was built), and mrkdwn
    // resolution and tidy() only remove characters or add ASCII
    textClean: true,
    rawTime: ts,
    // the raw mrkdwn as written (the ts, author and channel are on the event already); when it has no
    // control characters and is short this is the very string JSON.parse made: no copy per message
    excerpt: rawText ? (rawText.length > 400 ? excerptOf(rawText) : rawText) : text.length > 400 ? excerptOf(text) : text,
    channel: cx.channel,
    parentRef: threadTs && threadTs !== ts ? threadTs : null,
    keys,
    echoOf,
  };
  return ev;
}

function attachmentsRaw(atts: unknown): string {
  if (!Array.isArray(atts)) return '';
  let out = '';
  for (const a of atts) if (isRecord(a)) out += `\n${s(a.title_link)} ${s(a.from_url)} ${s(a.fallback)}`;
  return out;
}

/** Convert an array of messages (a day file, an API page's `messages`). */
export function convertSlackMessages(list: unknown[], cx: SlackConvertContext, out: RawEvent[], offset = 0): void {
  for (let i = 0; i < list.length; i++) {
    const ev = convertSlackMessage(list[i], offset + i, cx);
    if (ev) out.push(ev);
  }
}

// ------------------------------------------------------------------------------ export (bundle)

const DAY_FILE = /^([^/]+)\/(\d{4}-\d{2}-\d{2})\.json$/;

/** A glob (`inc-*`, `pay?ents`) to a case-insensitive anchored regex. */
export function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^#?${re}$`, 'i');
}

async function readJson(file: VFile, warnings: IngestWarning[]): Promise<unknown> {
  let text: string;
  try {
    text = await file.readText();
  } catch (err) {
    warnings.push({ file: file.path, line: null, message: `could not read: ${clean(err instanceof Error ? err.message : String(err))}` });
    return undefined;
  }
  return parseJsonText(text, file, warnings);
}

function parseJsonText(text: string | Error, file: VFile, warnings: IngestWarning[]): unknown {
  if (text instanceof Error) {
    warnings.push({ file: file.path, line: null, message: `could not read: ${clean(text.message)}` });
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    warnings.push({
      file: file.path,
      line: null,
      message: `not valid JSON (${clean(err instanceof Error ? err.message : String(err))}), skipped`,
    });
    return undefined;
  }
}

function detectBundle(dir: VDir): boolean {
  const hasUsers = dir.get('users.json') !== undefined || dir.get('org_users.json') !== undefined;
  const hasConversations =
    dir.get('channels.json') !== undefined ||
    dir.get('groups.json') !== undefined ||
    dir.get('dms.json') !== undefined ||
    dir.get('mpims.json') !== undefined;
  if (!hasUsers || !hasConversations) return false;
  return true;
}

/**
 * Convert a big day file a piece at a time (splitPoints). False when it is not cut into pieces, or a
 * piece does not parse: then nothing it converted is kept (events, warnings and `seen` as before) and
 * the caller parses the file whole, with the whole file's error if it has one.
 */
function convertInPieces(bytes: Uint8Array, cx: SlackConvertContext, events: RawEvent[]): boolean {
  const buf = asBuffer(bytes);
  if (isUtf16(buf)) return false;
  const start = bomLength(buf);
  const cuts = splitPoints(buf, start);
  if (!cuts.length) return false;
  const e0 = events.length;
  const w0 = cx.warnings.length;
  const added: string[] = [];
  const pcx: SlackConvertContext = { ...cx, added };
  let index = 0;
  // Each piece is decoded with its neighbouring commas turned into brackets for the moment (no copy to
  // wrap it in brackets); the commas are put back whatever happens.
  try {
    for (let k = 0; k <= cuts.length; k++) {
      const from = k === 0 ? start : cuts[k - 1]!;
      const to = k < cuts.length ? cuts[k]! + 1 : buf.length;
      if (k > 0) buf[from] = 0x5b; // [
      if (k < cuts.length) buf[to - 1] = 0x5d; // ]
      const t = partText(buf, from, to);
      let list: unknown;
      try {
        list = JSON.parse(t.text);
      } catch {
        list = undefined;
      }
      if (!Array.isArray(list)) {
        events.length = e0;
        cx.warnings.length = w0;
        for (const ts of added) cx.seen.delete(ts);
        return false;
      }
      pcx.rawBytes = t.raw;
      convertSlackMessages(list, pcx, events, index);
      index += list.length;
    }
  } finally {
    for (const c of cuts) buf[c] = 0x2c; // ,
  }
  return true;
}

async function parseBundle(dir: VDir, ctx: ParseContext): Promise<ParseResult> {
  const warnings: IngestWarning[] = [];
  let events: RawEvent[] = [];
  const names = emptyDirectory();
  for (const f of ['users.json', 'org_users.json']) {
    const file = dir.get(f);
    if (!file) continue;
    const json = await readJson(file, warnings);
    if (json !== undefined && !Array.isArray(json)) warnings.push({ file: file.path, line: null, message: 'expected a JSON array of users' });
    addUsers(names, json);
  }
  const folderName = new Map<string, string>();
  for (const f of ['channels.json', 'groups.json', 'mpims.json', 'dms.json']) {
    const file = dir.get(f);
    if (!file) continue;
    const json = await readJson(file, warnings);
    if (json !== undefined && !Array.isArray(json)) {
      warnings.push({ file: file.path, line: null, message: 'expected a JSON array of conversations' });
      continue;
    }
    addChannels(names, json);
    if (f === 'dms.json' && Array.isArray(json)) {
      // DM folders are named by id: show them as "dm: name, name"
      for (const c of json) {
        if (!isRecord(c) || typeof c.id !== 'string') continue;
        const members = Array.isArray(c.members) ? c.members : typeof c.user === 'string' ? [c.user] : [];
        const who = members.filter((m): m is string => typeof m === 'string').map((m) => names.users.get(m) ?? m);
        folderName.set(c.id, `dm: ${who.join(', ')}`);
      }
    }
  }

  const filter = ctx.channel ? globToRegExp(ctx.channel) : null;
  const days: { folder: string; date: string; file: VFile }[] = [];
  for (const file of dir.files) {
    const m = DAY_FILE.exec(dir.rel(file).replace(/\\/g, '/'));
    if (!m?.[1] || !m[2]) continue;
    days.push({ folder: m[1], date: m[2], file });
  }
  days.sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (days.length === 0) {
    warnings.push({ file: ctx.file, line: null, message: 'Slack export without any day files (<channel>/<YYYY-MM-DD>.json)' });
  }

  const todo: { folder: string; file: VFile; channel: string }[] = [];
  for (const day of days) {
    const channel = clean(folderName.get(day.folder) ?? names.channels.get(day.folder) ?? day.folder);
    if (filter && !filter.test(channel)) continue;
    todo.push({ folder: day.folder, file: day.file, channel });
  }
  // read the next day file while converting the current one (the read runs off the main thread), into
  // two scratch buffers in turn: day i's bytes are done with (decoded and parsed) before day i + 2 is read
  const scratch: Buffer[] = [];
  const read = (k: number): Promise<Uint8Array | Error> => {
    const file = todo[k]!.file;
    const want = Math.min(file.size, 256 * 1024 * 1024) + 1;
    if (!scratch[k % 2] || scratch[k % 2]!.length < want) scratch[k % 2] = Buffer.allocUnsafe(Math.max(want, 1 << 20));
    return file.readBytes(scratch[k % 2]).then(
      (b) => b,
      (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
    );
  };
  let seen = new TsSet();
  let current = '';
  let next: Promise<Uint8Array | Error> | null = todo[0] ? read(0) : null;
  for (let i = 0; i < todo.length; i++) {
    const day = todo[i]!;
    const bytes = await next!;
    next = i + 1 < todo.length ? read(i + 1) : null;
    if (day.folder !== current) {
      current = day.folder;
      seen = new TsSet();
    }
    if (!(bytes instanceof Error) && convertInPieces(bytes, { dir: names, file: day.file.path, channel: day.channel, warnings, seen }, events)) {
      if (ctx.emit && events.length) {
        ctx.emit(events);
        events = [];
      }
      continue;
    }
    let rawBytes = false;
    let json: unknown;
    if (bytes instanceof Error) json = parseJsonText(bytes, day.file, warnings);
    else {
      const t = dayText(bytes);
      rawBytes = t.raw;
      try {
        json = JSON.parse(t.text);
      } catch {
        // the error as the UTF-8 text gives it (positions count characters, not bytes)
        rawBytes = false;
        json = parseJsonText(decodeBytes(bytes), day.file, warnings);
      }
    }
    if (json === undefined) continue;
    if (!Array.isArray(json)) {
      warnings.push({ file: day.file.path, line: null, message: 'a Slack day file must be a JSON array of messages, skipped' });
      continue;
    }
    convertSlackMessages(json, { dir: names, file: day.file.path, channel: day.channel, warnings, seen, rawBytes }, events);
    // hand a day's messages over at once when the caller takes them as they come
    if (ctx.emit && events.length) {
      ctx.emit(events);
      events = [];
    }
  }
  return { events, series: [], warnings };
}

export const slackExportImporter: BundleImporter = {
  id: 'slack-export',
  source: 'slack',
  detectBundle,
  parseBundle,
};

// ------------------------------------------------------------------------------ Web API dumps

function looksLikeMessage(v: unknown): boolean {
  return isRecord(v) && typeof v.ts === 'string' && TS.test(v.ts) && (v.type === 'message' || typeof v.text === 'string');
}

function looksLikePage(v: unknown): boolean {
  return isRecord(v) && Array.isArray(v.messages) && (v.messages.length === 0 ? v.ok === true : looksLikeMessage(v.messages[0]));
}

/** Message lists in a parsed JSON document: a page, an array of pages, a message array, one message. */
function messageLists(json: unknown): unknown[][] | null {
  if (looksLikePage(json)) return [(json as { messages: unknown[] }).messages];
  if (Array.isArray(json)) {
    if (json.length === 0) return null;
    if (looksLikePage(json[0])) return json.map((p) => (isRecord(p) && Array.isArray(p.messages) ? p.messages : []));
    const n = Math.min(json.length, 5);
    let hits = 0;
    for (let i = 0; i < n; i++) if (looksLikeMessage(json[i])) hits++;
    if (hits > 0 && hits >= Math.ceil(n / 2)) return [json];
    return null;
  }
  if (looksLikeMessage(json) && isRecord(json) && json.type === 'message') return [[json]];
  return null;
}

const NDJSON_HEAD = /^\s*\{[^\n]*"messages"\s*:\s*\[[^\n]*"ts"\s*:\s*"\d+\.\d+"/;

function detectApi(input: DetectInput): boolean {
  if (input.json !== undefined) return messageLists(input.json) !== null;
  return NDJSON_HEAD.test(input.head);
}

function channelOf(json: unknown, file: string): string {
  if (isRecord(json)) {
    if (typeof json.channel === 'string') return clean(json.channel);
    if (isRecord(json.channel) && typeof json.channel.name === 'string') return clean(json.channel.name);
  }
  // a day file given on its own (`payments/2024-03-12.json`): the channel is its folder
  const parts = file.replace(/\\/g, '/').split('/');
  const base = baseName(file);
  if (/^\d{4}-\d{2}-\d{2}$/.test(base) && parts.length >= 2) {
    const folder = parts[parts.length - 2];
    if (folder && !folder.endsWith('.zip')) return clean(folder);
  }
  return clean(base);
}

async function parseApi(file: VFile, input: DetectInput, ctx: ParseContext): Promise<ParseResult> {
  const warnings: IngestWarning[] = [];
  const events: RawEvent[] = [];
  const cx: SlackConvertContext = {
    dir: emptyDirectory(),
    file: ctx.file,
    channel: null,
    warnings,
    seen: new Set(),
    dedupeAll: true,
  };
  if (input.json !== undefined) {
    const lists = messageLists(input.json);
    cx.channel = channelOf(input.json, ctx.file);
    if (!lists) {
      warnings.push({ file: ctx.file, line: null, message: 'not a Slack conversations.history/replies response' });
      return { events, series: [], warnings };
    }
    for (const list of lists) convertSlackMessages(list, cx, events);
  } else {
    cx.channel = clean(baseName(ctx.file));
    for await (const { line, text } of file.lines()) {
      if (!text.trim()) continue;
      let page: unknown;
      try {
        page = JSON.parse(text);
      } catch {
        warnings.push({ file: ctx.file, line, message: 'not a JSON object, line skipped' });
        continue;
      }
      const lists = messageLists(page);
      if (!lists) {
        warnings.push({ file: ctx.file, line, message: 'not a Slack API page or message, line skipped' });
        continue;
      }
      const before = warnings.length;
      for (const list of lists) convertSlackMessages(list, cx, events);
      for (let i = before; i < warnings.length; i++) {
        const w = warnings[i];
        if (w) w.line = line;
      }
    }
  }
  return { events, series: [], warnings };
}

export const slackApiImporter: FileImporter = {
  id: 'slack-api',
  source: 'slack',
  detect: detectApi,
  parse: parseApi,
};
