// DiscordChatExporter (DCE) importers: the JSON export (`{guild, channel, messages: [...]}`, partitioned
// parts included) and the CSV export (`AuthorID,Author,Date,Content,Attachments,Reactions`).
//
// JSON: one RawEvent per message; ref = the snowflake id as a string (never a number: they exceed 2^53);
// time = `timestamp` with its offset (0-7 fraction digits), else the snowflake's own creation time with
// a warning; replies keep `parentRef` = reference.messageId; bot posts whose text sits in embeds use the
// embed title/description/fields and are classified like other chat echoes (a PagerDuty bot's
// "Triggered"/"escalated"/"acknowledged" embeds -> alert/escalation/ack with pd:<number>); heartbeats,
// system messages (GuildMemberJoin, ChannelPinnedMessage, ThreadCreated, Recipient*, ChannelName/Icon
// changes) and empty messages are not events.
// CSV: no ids, replies or bot flags; ref = the record's line number; system fallback texts
// ("Joined the server." ...) and heartbeat lines are dropped; the channel name comes from DCE's default
// file name `<Guild> - <Parent> - <channel> [<id>] ...` when it has that shape.
import type { EventKind } from '../domain/schema.js';
import {
  baseName,
  classifyBot,
  clean,
  excerptOf,
  isHeartbeatLine,
  isRecord,
  parseIsoZoned,
  snowflakeTime,
  tidy,
} from './chat-common.js';
import { parseCsv } from './csv.js';
import type { DetectInput, FileImporter, IngestWarning, ParseContext, ParseResult, RawEvent, VFile } from './types.js';

function s(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

const SYSTEM_TYPES = new Set([
  'GuildMemberJoin',
  'ChannelPinnedMessage',
  'ThreadCreated',
  'RecipientAdd',
  'RecipientRemove',
  'ChannelNameChange',
  'ChannelIconChange',
  // numeric Discord types DCE prints as numbers: boosts, follows, discovery, thread starter, invites
  '8',
  '9',
  '10',
  '11',
  '12',
  '14',
  '15',
  '16',
  '17',
  '18',
  '21',
  '22',
]);

/** Channel name from DCE's default file name, else the file's base name. */
export function dceChannelFromFileName(path: string): string {
  const base = baseName(path);
  const idx = base.search(/ \[\d{5,}\]/);
  if (idx > 0) {
    const pre = base.slice(0, idx);
    const parts = pre.split(' - ');
    return parts[parts.length - 1] ?? pre;
  }
  return base;
}

// ------------------------------------------------------------------------------------- JSON

function isDceDoc(v: unknown): v is { messages: unknown[]; channel?: unknown; guild?: unknown } {
  if (!isRecord(v) || !Array.isArray(v.messages)) return false;
  if (isRecord(v.channel) && (isRecord(v.guild) || 'exportedAt' in v)) return true;
  const first = v.messages[0];
  return isRecord(first) && isRecord(first.author) && typeof first.timestamp === 'string' && 'content' in first;
}

function detectJson(input: DetectInput): boolean {
  return input.json !== undefined && isDceDoc(input.json);
}

function embedsText(embeds: unknown): string {
  if (!Array.isArray(embeds)) return '';
  const out: string[] = [];
  for (const e of embeds) {
    if (!isRecord(e)) continue;
    const title = s(e.title).trim();
    const desc = s(e.description).trim();
    if (title) out.push(title);
    if (desc) out.push(desc);
    if (Array.isArray(e.fields)) {
      for (const f of e.fields) {
        if (!isRecord(f)) continue;
        const n = s(f.name).trim();
        const v = s(f.value).trim();
        if (n || v) out.push(n && v ? `${n}: ${v}` : n || v);
      }
    }
    const footer = isRecord(e.footer) ? s(e.footer.text).trim() : '';
    if (footer) out.push(footer);
  }
  return out.join('\n');
}

function attachmentsText(atts: unknown): string {
  if (!Array.isArray(atts)) return '';
  const out: string[] = [];
  for (const a of atts) {
    if (!isRecord(a)) continue;
    const name = s(a.fileName) || baseNameOfUrl(s(a.url));
    if (name) out.push(`[file: ${name}]`);
  }
  return out.join(' ');
}

const MD_PAIRS = /(\*\*|__|~~|\|\|)(?=\S)([^\n]+?)\1/g;
const MD_SINGLE = /(^|[\s(])([*_])(?=\S)([^*_\n]+?)\2(?=$|[\s).,:;!?])/gm;

/** Discord markdown emphasis (**bold**, __underline__, ~~strike~~, ||spoiler||, *italic*) to plain text. */
export function plainMarkdown(text: string): string {
  let out = text;
  if (/[*_~|]/.test(out)) out = out.replace(MD_PAIRS, '$2').replace(MD_SINGLE, '$1$3');
  if (out.includes('```')) out = out.replace(/```[a-z0-9+-]*\n?/gi, '');
  return out;
}

function baseNameOfUrl(url: string): string {
  if (!url) return '';
  const noQuery = url.split(/[?#]/)[0] ?? url;
  return noQuery.split(/[\\/]/).pop() ?? noQuery;
}

function authorName(a: unknown): { name: string | null; bot: boolean } {
  if (!isRecord(a)) return { name: null, bot: false };
  const n = s(a.nickname).trim() || s(a.name).trim() || s(a.id);
  return { name: n ? clean(n) : null, bot: a.isBot === true };
}

function parseJson(_file: VFile, input: DetectInput, ctx: ParseContext): ParseResult {
  const warnings: IngestWarning[] = [];
  const events: RawEvent[] = [];
  const doc = input.json;
  if (!isDceDoc(doc)) {
    warnings.push({ file: ctx.file, line: null, message: 'not a DiscordChatExporter JSON export' });
    return { events, series: [], warnings };
  }
  const ch = isRecord(doc.channel) ? doc.channel : {};
  const channel = clean(s(ch.name) || dceChannelFromFileName(ctx.file));
  const seen = new Set<string>();
  doc.messages.forEach((m, i) => {
    const where = `message ${i + 1}`;
    if (!isRecord(m)) {
      warnings.push({ file: ctx.file, line: null, message: `${where}: not a message object, skipped` });
      return;
    }
    const id = typeof m.id === 'string' && m.id ? m.id : null;
    if (!id) {
      warnings.push({
        file: ctx.file,
        line: null,
        message: `${where}: message without a string "id"${typeof m.id === 'number' ? ' (a number loses precision)' : ''}, skipped`,
      });
      return;
    }
    const type = typeof m.type === 'string' ? m.type : typeof m.type === 'number' ? String(m.type) : 'Default';
    if (SYSTEM_TYPES.has(type)) return;
    if (seen.has(id)) return;
    const raw = s(m.timestamp);
    let at = parseIsoZoned(raw);
    if (at === null) {
      const fromId = snowflakeTime(id);
      if (fromId === null) {
        warnings.push({
          file: ctx.file,
          line: null,
          message: `${where} (id ${clean(id)}): timestamp ${clean(JSON.stringify(m.timestamp) ?? 'missing')} is not an ISO instant with an offset, skipped`,
        });
        return;
      }
      warnings.push({
        file: ctx.file,
        line: null,
        message: `${where} (id ${clean(id)}): timestamp ${clean(JSON.stringify(m.timestamp) ?? 'missing')} unreadable, time taken from the message id`,
      });
      at = fromId;
    }
    const content = typeof m.content === 'string' ? m.content : '';
    const plain = plainMarkdown(content);
    const fwd = isRecord(m.forwardedMessage) ? s(m.forwardedMessage.content) : '';
    const parts = [plain, fwd ? `[forwarded] ${fwd}` : '', embedsText(m.embeds), attachmentsText(m.attachments)];
    if (Array.isArray(m.stickers)) {
      for (const st of m.stickers) if (isRecord(st) && st.name) parts.push(`[sticker: ${s(st.name)}]`);
    }
    const text = tidy(clean(parts.filter((p) => p && p.trim()).join('\n')));
    if (!text) return;
    const who = authorName(m.author);
    let kind: EventKind = 'message';
    let echoOf: RawEvent['echoOf'] = null;
    let keys: string[] | undefined;
    if (who.bot) {
      const embedRaw = Array.isArray(m.embeds) ? m.embeds.map((e) => (isRecord(e) ? s(e.url) : '')).join(' ') : '';
      const c = classifyBot(who.name, text, embedRaw);
      if (c === 'heartbeat') return;
      kind = c.kind;
      echoOf = c.echoOf;
      if (c.keys.length) keys = c.keys;
    }
    seen.add(id);
    const ref = isRecord(m.reference) ? m.reference : null;
    const parent = ref && ref.type !== 'Forward' && typeof ref.messageId === 'string' && ref.messageId !== id ? ref.messageId : null;
    const ev: RawEvent = {
      source: 'discord',
      file: ctx.file,
      ref: id,
      occurredAt: at,
      precision: 'second',
      kind,
      actor: who.name,
      text,
      rawTime: raw || undefined,
      excerpt: excerptOf(
        JSON.stringify({
          id,
          type,
          timestamp: raw,
          author: who.name,
          content: content.length > 300 ? `${content.slice(0, 300)}…` : content,
        }),
      ),
      channel,
      parentRef: parent,
    };
    if (echoOf) ev.echoOf = echoOf;
    if (keys) ev.keys = keys;
    events.push(ev);
  });
  return { events, series: [], warnings };
}

export const discordJsonImporter: FileImporter = {
  id: 'discord-json',
  source: 'discord',
  detect: detectJson,
  parse: parseJson,
};

// -------------------------------------------------------------------------------------- CSV

const CSV_HEADER = /^\uFEFF?"?AuthorID"?,"?Author"?,"?Date"?,"?Content"?,"?Attachments"?,"?Reactions"?\s*$/;
const SYSTEM_TEXT =
  /^(Joined the server\.|Pinned a message\.|Started a thread\.|Left the group\.|Added .+ to the group\.|Removed .+ from the group\.|Changed the channel (?:name|icon)\b.*)$/;
const INTEGRATION = /pagerduty|opsgenie|alertmanager|statuspage|argo ?cd|github|grafana/i;

function detectCsv(input: DetectInput): boolean {
  if (input.json !== undefined) return false;
  const nl = input.head.indexOf('\n');
  const first = nl < 0 ? input.head : input.head.slice(0, nl);
  return CSV_HEADER.test(first.replace(/\r$/, ''));
}

async function parseCsvFile(file: VFile, _input: DetectInput, ctx: ParseContext): Promise<ParseResult> {
  const warnings: IngestWarning[] = [];
  const events: RawEvent[] = [];
  let text: string;
  try {
    text = await file.readText();
  } catch (err) {
    warnings.push({ file: ctx.file, line: null, message: `could not read: ${clean(err instanceof Error ? err.message : String(err))}` });
    return { events, series: [], warnings };
  }
  const { records, unterminatedAt } = parseCsv(text);
  if (unterminatedAt !== null) {
    warnings.push({ file: ctx.file, line: unterminatedAt, message: 'quoted field never closed (truncated file?): the last record was skipped' });
  }
  const header = records[0];
  if (!header) return { events, series: [], warnings };
  const col = new Map(header.fields.map((h, i) => [h.replace(/^\uFEFF/, '').trim(), i]));
  const iAuthor = col.get('Author');
  const iAuthorId = col.get('AuthorID');
  const iDate = col.get('Date');
  const iContent = col.get('Content');
  const iAtt = col.get('Attachments');
  if (iAuthor === undefined || iDate === undefined || iContent === undefined) {
    warnings.push({ file: ctx.file, line: 1, message: 'not a DiscordChatExporter CSV header (AuthorID,Author,Date,Content,Attachments,Reactions)' });
    return { events, series: [], warnings };
  }
  const channel = clean(dceChannelFromFileName(ctx.file));
  for (let r = 1; r < records.length; r++) {
    const rec = records[r];
    if (!rec) continue;
    const f = rec.fields;
    const rawDate = f[iDate] ?? '';
    const at = parseIsoZoned(rawDate);
    if (at === null) {
      warnings.push({
        file: ctx.file,
        line: rec.line,
        message: `Date ${clean(JSON.stringify(rawDate))} is not an ISO instant with an offset, record skipped`,
      });
      continue;
    }
    const content = f[iContent] ?? '';
    if (SYSTEM_TEXT.test(content.trim()) || isHeartbeatLine(content)) continue;
    const att = iAtt !== undefined ? (f[iAtt] ?? '') : '';
    const files = att
      ? att
          .split(',')
          .map((u) => baseNameOfUrl(u.trim()))
          .filter(Boolean)
          .map((n) => `[file: ${n}]`)
          .join(' ')
      : '';
    const body = tidy(clean([content, files].filter((p) => p.trim()).join('\n')));
    if (!body) continue;
    const author = clean((f[iAuthor] ?? '').trim() || (iAuthorId !== undefined ? (f[iAuthorId] ?? '') : '')) || null;
    let kind: EventKind = 'message';
    let echoOf: RawEvent['echoOf'] = null;
    let keys: string[] | undefined;
    if (author && INTEGRATION.test(author)) {
      const c = classifyBot(author, body);
      if (c === 'heartbeat') continue;
      kind = c.kind;
      echoOf = c.echoOf;
      if (c.keys.length) keys = c.keys;
    }
    const ev: RawEvent = {
      source: 'discord',
      file: ctx.file,
      ref: String(rec.line),
      line: rec.line,
      occurredAt: at,
      precision: 'second',
      kind,
      actor: author,
      text: body,
      rawTime: rawDate,
      excerpt: excerptOf(f.map((x) => `"${x.replace(/"/g, '""')}"`).join(',')),
      channel,
      parentRef: null,
    };
    if (echoOf) ev.echoOf = echoOf;
    if (keys) ev.keys = keys;
    events.push(ev);
  }
  return { events, series: [], warnings };
}

export const discordCsvImporter: FileImporter = {
  id: 'discord-csv',
  source: 'discord',
  detect: detectCsv,
  parse: parseCsvFile,
};
