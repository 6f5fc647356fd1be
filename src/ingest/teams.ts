// Microsoft Teams importer: Graph `chatMessage` JSON as people save it: a collection page
// `{ "@odata.context", value: [...] }`, an array of pages, a bare array of messages or one message.
// Channel roots may carry their replies nested under `replies` ($expand=replies); replies listed flat
// carry `replyToId`. Group chats have no threads.
//
// Emits one RawEvent per message: HTML bodies to plain text (<at> mentions, entities, code/pre,
// lists, emoji), adaptive/hero cards in attachments (JSON strings) to their text, file references as
// [file: name]. Bot posts (from.application) are classified like other chat echoes (Argo CD sync ->
// deploy with deploy:/rev: keys, Opsgenie -> alert with og:, ...); heartbeats are dropped. System
// events (systemEventMessage, chatEvent, membersAdded, chatRenamed, ...) and deleted messages with empty
// bodies are not events. Time = createdDateTime (never lastModifiedDateTime, which reactions move);
// malformed instants are skipped with a warning.
import type { EventKind } from '../domain/schema.js';
import { baseName, classifyBot, clean, excerptOf, isRecord, parseIsoZoned, tidy } from './chat-common.js';
import { decodeEntities, htmlToText } from './html.js';
import type { DetectInput, FileImporter, IngestWarning, ParseContext, ParseResult, RawEvent, VFile } from './types.js';

function s(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function looksLikeChatMessage(v: unknown): boolean {
  if (!isRecord(v)) return false;
  if (typeof v.messageType === 'string' && 'createdDateTime' in v) return true;
  return 'createdDateTime' in v && isRecord(v.body) && 'content' in v.body && ('from' in v || 'replyToId' in v);
}

function isPage(v: unknown): v is { value: unknown[] } {
  if (!isRecord(v) || !Array.isArray(v.value)) return false;
  if (v.value.length === 0) return /messages|replies/i.test(s(v['@odata.context']));
  return looksLikeChatMessage(v.value[0]);
}

/** The message lists of a parsed document, or null when it is not Graph chatMessage JSON. */
function messageLists(json: unknown): unknown[][] | null {
  if (isPage(json)) return [json.value];
  if (Array.isArray(json)) {
    if (json.length === 0) return null;
    if (isPage(json[0])) return json.map((p) => (isPage(p) ? p.value : []));
    if (looksLikeChatMessage(json[0])) return [json];
    return null;
  }
  if (looksLikeChatMessage(json)) return [[json]];
  return null;
}

function detect(input: DetectInput): boolean {
  return input.json !== undefined && messageLists(input.json) !== null;
}

// ------------------------------------------------------------------------------------ cards

const MD_STRONG = /\*\*([^*\n]+)\*\*/g;

function fact(title: string, value: string): string {
  const t = title.trim().replace(/:$/, '');
  return (t && value ? `${t}: ${value}` : t || value).replace(MD_STRONG, '$1');
}

function cardElements(el: unknown, out: string[]): void {
  if (Array.isArray(el)) {
    for (const e of el) cardElements(e, out);
    return;
  }
  if (!isRecord(el)) return;
  switch (el.type) {
    case 'TextBlock':
      if (typeof el.text === 'string') out.push(el.text.replace(MD_STRONG, '$1'));
      return;
    case 'TextRun':
      if (typeof el.text === 'string') out.push(el.text);
      return;
    case 'RichTextBlock':
      if (Array.isArray(el.inlines)) {
        const parts: string[] = [];
        for (const i of el.inlines) {
          if (typeof i === 'string') parts.push(i);
          else if (isRecord(i) && typeof i.text === 'string') parts.push(i.text);
        }
        out.push(parts.join(''));
      }
      return;
    case 'FactSet':
      if (Array.isArray(el.facts)) {
        for (const f of el.facts) if (isRecord(f)) out.push(fact(s(f.title), s(f.value)));
      }
      return;
    case 'Image':
      if (typeof el.altText === 'string' && el.altText) out.push(el.altText);
      return;
    default:
      for (const k of ['body', 'items', 'columns', 'inlines', 'card']) if (k in el) cardElements(el[k], out);
  }
}

/** Text of an adaptive, hero, thumbnail or connector card (given as a JSON string or an object). */
export function cardText(content: unknown): string {
  let card: unknown = content;
  if (typeof content === 'string') {
    try {
      card = JSON.parse(content);
    } catch {
      return htmlToText(content);
    }
  }
  if (!isRecord(card)) return '';
  const out: string[] = [];
  if (card.type === 'AdaptiveCard' || Array.isArray(card.body)) cardElements(card.body, out);
  for (const k of ['title', 'subtitle', 'text', 'summary']) {
    const v = card[k];
    if (typeof v === 'string' && v) out.push(htmlToText(v));
  }
  if (Array.isArray(card.sections)) {
    for (const sec of card.sections) {
      if (!isRecord(sec)) continue;
      for (const k of ['activityTitle', 'activitySubtitle', 'activityText', 'title', 'text']) {
        const v = sec[k];
        if (typeof v === 'string' && v) out.push(htmlToText(v));
      }
      if (Array.isArray(sec.facts)) for (const f of sec.facts) if (isRecord(f)) out.push(fact(s(f.name), s(f.value)));
    }
  }
  return out.filter((x) => x.trim()).join('\n');
}

function attachmentsText(atts: unknown): string {
  if (!Array.isArray(atts)) return '';
  const out: string[] = [];
  for (const a of atts) {
    if (!isRecord(a)) continue;
    const type = s(a.contentType);
    if (type === 'messageReference' || type === 'forwardedMessageReference') continue;
    if (type === 'reference' || type === 'file') {
      const name = s(a.name) || s(a.contentUrl);
      if (name) out.push(`[file: ${name}]`);
      continue;
    }
    if (type.startsWith('application/vnd.microsoft.card') || type.startsWith('application/vnd.microsoft.teams.card')) {
      const t = cardText(a.content);
      if (t) out.push(t);
      else if (a.name) out.push(s(a.name));
      continue;
    }
    if (typeof a.content === 'string' && a.content) out.push(cardText(a.content));
    else if (typeof a.name === 'string' && a.name) out.push(`[${a.name}]`);
  }
  return out.filter(Boolean).join('\n');
}

/** In chats a reply quotes its parent: a messageReference attachment whose content names the id. */
function quotedId(atts: unknown): string | null {
  if (!Array.isArray(atts)) return null;
  for (const a of atts) {
    if (!isRecord(a) || a.contentType !== 'messageReference') continue;
    let c: unknown = a.content;
    if (typeof c === 'string') {
      try {
        c = JSON.parse(c);
      } catch {
        c = null;
      }
    }
    const id = isRecord(c) ? idOf(c.messageId) : null;
    if (id) return id;
    const fromId = idOf(a.id);
    if (fromId) return fromId;
  }
  return null;
}

// ------------------------------------------------------------------------------------ messages

function identityName(from: unknown): { name: string | null; bot: boolean; id: string | null } {
  if (!isRecord(from)) return { name: null, bot: false, id: null };
  for (const k of ['user', 'application', 'device', 'conversation'] as const) {
    const who = from[k];
    if (!isRecord(who)) continue;
    const name = typeof who.displayName === 'string' && who.displayName.trim() ? who.displayName.trim() : null;
    const id = typeof who.id === 'string' ? who.id : null;
    if (name || id) return { name, bot: k === 'application', id };
  }
  return { name: null, bot: false, id: null };
}

interface TeamsCx {
  file: string;
  defaultChannel: string;
  chatNames: Map<string, string>;
  warnings: IngestWarning[];
  seen: Set<string>;
  events: RawEvent[];
}

function idOf(v: unknown): string | null {
  return typeof v === 'string' && v ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;
}

function convert(msg: unknown, where: string, parent: string | null, cx: TeamsCx): void {
  if (!isRecord(msg)) {
    cx.warnings.push({ file: cx.file, line: null, message: `${where}: not a message object, skipped` });
    return;
  }
  const id = idOf(msg.id);
  const replies = Array.isArray(msg.replies) ? msg.replies : null;
  if (!id) {
    cx.warnings.push({ file: cx.file, line: null, message: `${where}: message without an "id", skipped` });
    return;
  }
  const emit = () => {
    if (replies) replies.forEach((r, i) => convert(r, `${where} reply ${i + 1}`, id, cx));
  };
  const type = typeof msg.messageType === 'string' ? msg.messageType : 'message';
  if (type !== 'message') return emit();
  const created = s(msg.createdDateTime);
  const at = parseIsoZoned(created);
  if (at === null) {
    cx.warnings.push({
      file: cx.file,
      line: null,
      message: `${where} (id ${clean(id)}): createdDateTime ${clean(JSON.stringify(msg.createdDateTime) ?? 'missing')} is not an ISO instant with a zone, skipped`,
    });
    return emit();
  }
  if (cx.seen.has(id)) return emit();

  const body = isRecord(msg.body) ? msg.body : {};
  const content = s(body.content);
  let text = /html/i.test(s(body.contentType)) ? htmlToText(content) : decodeEntities(content);
  const att = attachmentsText(msg.attachments);
  if (att) text = text.trim() ? `${text}\n${att}` : att;
  const subject = s(msg.subject).trim();
  if (subject && !text.startsWith(subject)) text = text.trim() ? `${subject}\n${text}` : subject;
  text = tidy(clean(text));
  if (!text) return emit();

  const who = identityName(msg.from);
  let actor = who.name;
  if (!actor && isRecord(msg.eventDetail)) actor = identityName(msg.eventDetail.initiator).name;
  if (!actor) actor = who.id;
  actor = actor ? clean(actor) : null;

  let kind: EventKind = 'message';
  let echoOf: RawEvent['echoOf'] = null;
  let keys: string[] | undefined;
  if (who.bot) {
    const c = classifyBot(actor, text, content);
    if (c === 'heartbeat') return emit();
    kind = c.kind;
    echoOf = c.echoOf;
    if (c.keys.length) keys = c.keys;
  }
  cx.seen.add(id);

  const chatId = s(msg.chatId);
  const channel = (chatId && cx.chatNames.get(chatId)) || cx.defaultChannel;
  const replyTo = idOf(msg.replyToId) ?? quotedId(msg.attachments);
  const ev: RawEvent = {
    source: 'teams',
    file: cx.file,
    ref: id,
    occurredAt: at,
    precision: 'second',
    kind,
    actor,
    text,
    rawTime: created,
    excerpt: excerptOf(
      JSON.stringify({
        id,
        createdDateTime: created,
        from: actor,
        body: content.length > 300 ? `${content.slice(0, 300)}…` : content,
      }),
    ),
    channel,
    parentRef: parent ?? (replyTo && replyTo !== id ? replyTo : null),
  };
  if (echoOf) ev.echoOf = echoOf;
  if (keys) ev.keys = keys;
  cx.events.push(ev);
  emit();
}

/** Chat display names from chatRenamed system events (the latest rename wins). */
function chatNames(lists: unknown[][]): Map<string, string> {
  const names = new Map<string, { at: number; name: string }>();
  const visit = (m: unknown) => {
    if (!isRecord(m)) return;
    const d = m.eventDetail;
    if (isRecord(d) && typeof d.chatDisplayName === 'string' && d.chatDisplayName) {
      const chatId = s(d.chatId) || s(m.chatId);
      const at = parseIsoZoned(m.createdDateTime) ?? 0;
      const prev = names.get(chatId);
      if (chatId && (!prev || prev.at <= at)) names.set(chatId, { at, name: clean(d.chatDisplayName) });
    }
    if (Array.isArray(m.replies)) m.replies.forEach(visit);
  };
  for (const l of lists) l.forEach(visit);
  return new Map([...names].map(([k, v]) => [k, v.name]));
}

function parse(_file: VFile, input: DetectInput, ctx: ParseContext): ParseResult {
  const warnings: IngestWarning[] = [];
  const events: RawEvent[] = [];
  const lists = messageLists(input.json);
  if (!lists) {
    warnings.push({ file: ctx.file, line: null, message: 'not Microsoft Graph chatMessage JSON' });
    return { events, series: [], warnings };
  }
  const cx: TeamsCx = {
    file: ctx.file,
    defaultChannel: clean(baseName(ctx.file)),
    chatNames: chatNames(lists),
    warnings,
    seen: new Set(),
    events,
  };
  lists.forEach((list, p) => {
    list.forEach((m, i) => convert(m, lists.length > 1 ? `page ${p + 1} message ${i + 1}` : `message ${i + 1}`, null, cx));
  });
  return { events, series: [], warnings };
}

export const teamsImporter: FileImporter = {
  id: 'teams',
  source: 'teams',
  detect,
  parse,
};
