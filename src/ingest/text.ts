// Pasted chat text (Slack clipboard / TXT export and look-alikes), best effort. Accepted shapes:
//
//   Tuesday, March 12th, 2024          day header (weekday optional; a year is required: no guessing)
//   Alice Example  2:32 PM             name, two or more spaces or a tab, time (12- or 24-hour)
//   Zendesk  APP  9:09 AM              APP/BOT badge after the name
//   checkout 5xx is spiking            message lines (until the next header)
//   2:34                               a bare time: another message from the same sender
//   Alice Example                      a name line followed by an (emoji +) time line
//   :fire: 2:32 PM
//   [14:32] alice: text                bracketed time, name, colon, text on one line
//   [2024-03-12 14:32] alice: text     ... with an ISO date, or [3/13/2024 2:32 PM] (Teams copy)
//   Alice — 03/12/2024 2:32 PM         Discord copy: name, dash, date (or "Today at"), time
//
// A d/m/yyyy date is read only when it cannot be the other way round (one part above 12, or both equal);
// 3/12/2024 could be either, so its messages are warned about and skipped, never guessed.
// Times carry no zone, so they need ctx.tz (--tz). Without it: one warning naming the file and the first
// timed line, and no events (never a guessed zone). A message before any dated day header, a "Today" /
// "Yesterday" header or a day header without a year is never given an invented date: warned, skipped.
// Lines that cannot be attributed to a sender are counted in one warning. `(edited)` marks are removed.
import type { EventKind } from '../domain/schema.js';
import { baseName, classifyBot, clean, excerptOf, isHeartbeatLine, tidy } from './chat-common.js';
import { isValidZone, localToUtc } from './time.js';
import type { DetectInput, FileImporter, IngestWarning, ParseContext, ParseResult, RawEvent, VFile } from './types.js';

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const WEEKDAY = '(?:mon|tues|tue|wednes|wed|thurs|thu|fri|satur|sat|sun)(?:day)?';
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DAY_MDY = new RegExp(`^(?:${WEEKDAY},?\\s+)?${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?$`, 'i');
const DAY_DMY = new RegExp(`^(?:${WEEKDAY},?\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}\\.?(?:,?\\s+(\\d{4}))?$`, 'i');
const DAY_ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_RELATIVE = /^(today|yesterday)$/i;
const DIVIDER = /^[\s\-—–=_·•]+|[\s\-—–=_·•]+$/g;

const TIME = '(\\d{1,2})[:.](\\d{2})(?::(\\d{2}))?(?:\\s?([AaPp])\\.?\\s?[Mm]\\.?)?';
const HEADER = new RegExp(`^(\\S.*?)(?:\\s+(APP|BOT|App|Bot))?(?:\\s{2,}|\\t+)${TIME}$`);
const HEADER_1SP = new RegExp(`^([A-Z][\\w.'’-]*(?: [A-Z][\\w.'’()-]*){0,3})(?: (APP|BOT))? (\\d{1,2}):(\\d{2})()\\s?([AaPp])\\.?[Mm]\\.?$`);
const BARE = new RegExp(`^(?::[a-z0-9_+'-]+:\\s*)?${TIME}$`);
const EMOJI_PREFIX = /^:[a-z0-9_+'-]+:\s*/;
const BRACKET = new RegExp(`^\\[(?:(\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{4}),?[ T])?${TIME}\\]\\s*([^:\\[\\]]{1,60}?):\\s?(.*)$`);
// Discord's copy: "Alice — Today at 2:32 PM", "Alice — 03/12/2024 2:32 PM"
const DASH_HEADER = new RegExp(`^(\\S.{0,60}?) [—–] (?:(Today|Yesterday) at |(\\d{1,2}/\\d{1,2}/\\d{4}),? )?${TIME}$`, 'i');
const NAME_LIKE = /^[\p{Lu}][\p{L}\p{M}.'’-]*(?: [\p{L}\p{M}.'’()-]+){0,3}$/u;
const EDITED = /\s*\(edited\)\s*$/;

interface DayDate {
  y: number;
  m: number;
  d: number;
}

function parseDayHeader(line: string): DayDate | 'relative' | 'noyear' | null {
  const t = line.replace(DIVIDER, '');
  if (!t || t.length > 40) return null;
  if (DAY_RELATIVE.test(t)) return 'relative';
  let m = DAY_ISO.exec(t);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DAY_MDY.exec(t);
  if (m) {
    const mo = MONTHS[(m[1] ?? '').slice(0, 3).toLowerCase()];
    if (!mo) return null;
    if (!m[3]) return 'noyear';
    return valid(Number(m[3]), mo, Number(m[2]));
  }
  m = DAY_DMY.exec(t);
  if (m) {
    const mo = MONTHS[(m[2] ?? '').slice(0, 3).toLowerCase()];
    if (!mo) return null;
    if (!m[3]) return 'noyear';
    return valid(Number(m[3]), mo, Number(m[1]));
  }
  return null;
}

/** `2024-03-12` or `12/03/2024` / `3/12/2024`: D/M or M/D only when one part is above 12 (or both equal). */
function inlineDate(text: string): DayDate | 'ambiguous' | null {
  if (text.includes('-')) return valid(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
  const [a, b, y] = text.split('/').map(Number);
  if (a === undefined || b === undefined || y === undefined) return null;
  if (a > 12 && b <= 12) return valid(y, b, a);
  if (b > 12 && a <= 12) return valid(y, a, b);
  if (a === b) return valid(y, a, b);
  return 'ambiguous';
}

function valid(y: number, m: number, d: number): DayDate | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCDate() === d ? { y, m, d } : null;
}

interface ClockTime {
  h: number;
  mi: number;
  s: number | null;
  /** 'a' / 'p' when a 12-hour clock was written */
  mer: 'a' | 'p' | null;
  raw: string;
}

function clock(h: string | undefined, mi: string | undefined, s: string | undefined, mer: string | undefined, raw: string): ClockTime | null {
  const hh = Number(h);
  const mm = Number(mi);
  const ss = s ? Number(s) : null;
  const m = mer ? (mer.toLowerCase() as 'a' | 'p') : null;
  if (!Number.isFinite(hh) || !Number.isFinite(mm) || mm > 59 || (ss !== null && ss > 59)) return null;
  if (m ? hh < 1 || hh > 12 : hh > 23) return null;
  return { h: hh, mi: mm, s: ss, mer: m, raw };
}

/** Minutes after midnight; a bare 12-hour-less time after a 12-hour header takes the nearest later reading. */
function minuteOfDay(t: ClockTime, prev: { minute: number; twelve: boolean } | null): number {
  if (t.mer) return ((t.h % 12) + (t.mer === 'p' ? 12 : 0)) * 60 + t.mi;
  if (prev?.twelve && t.h >= 1 && t.h <= 12) {
    const am = (t.h % 12) * 60 + t.mi;
    const pm = am + 720;
    if (am >= prev.minute) return am;
    if (pm >= prev.minute) return pm;
    return am;
  }
  return t.h * 60 + t.mi;
}

interface Pending {
  actor: string;
  bot: boolean;
  line: number;
  header: string;
  time: ClockTime;
  minute: number;
  date: DayDate | null;
  body: string[];
}

/** Is the next non-empty line after `from` a message header? (A "Today" or "March 12" line is a day
 * divider only then; otherwise it is message text.) */
function headerFollows(lines: string[], from: number): boolean {
  for (let j = from; j < lines.length && j < from + 3; j++) {
    const l = (lines[j] ?? '').trimEnd();
    if (!l.trim()) continue;
    if (HEADER.test(l) || HEADER_1SP.test(l) || BRACKET.test(l) || DASH_HEADER.test(l)) return true;
    const next = (lines[j + 1] ?? '').trim();
    return NAME_LIKE.test(l.trim()) && BARE.test(next);
  }
  return false;
}

function detect(input: DetectInput): boolean {
  if (input.json !== undefined) return false;
  const lines = input.head.split(/\r?\n/, 400);
  let headers = 0;
  let days = 0;
  for (const raw of lines) {
    const l = raw.trimEnd();
    if (!l) continue;
    if (HEADER.test(l) || BRACKET.test(l) || DASH_HEADER.test(l)) headers++;
    else if (parseDayHeader(l) !== null) days++;
    if (headers >= 2 || (headers >= 1 && days >= 1)) return true;
  }
  return false;
}

async function parse(file: VFile, _input: DetectInput, ctx: ParseContext): Promise<ParseResult> {
  const warnings: IngestWarning[] = [];
  const events: RawEvent[] = [];
  let text: string;
  try {
    text = await file.readText();
  } catch (err) {
    warnings.push({ file: ctx.file, line: null, message: `could not read: ${clean(err instanceof Error ? err.message : String(err))}` });
    return { events, series: [], warnings };
  }
  return parsePastedChat(text, ctx);
}

/** Parse pasted chat text (exported for tests and for a "paste" box in the console). */
export function parsePastedChat(text: string, ctx: ParseContext): ParseResult {
  const warnings: IngestWarning[] = [];
  const events: RawEvent[] = [];
  const tz = ctx.tz;
  if (tz && !isValidZone(tz)) {
    warnings.push({ file: ctx.file, line: null, message: `unknown time zone "${clean(tz)}": give an IANA name such as Europe/Dublin` });
    return { events, series: [], warnings };
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const channel = clean(baseName(ctx.file));
  let date: DayDate | null = null;
  let dateProblem: { line: number; why: string } | null = null;
  const lineDate = (text: string, lineNo: number): DayDate | null => {
    const d = inlineDate(text);
    if (d === 'ambiguous') {
      dateProblem = { line: lineNo, why: `"${clean(text)}" could be day/month or month/day` };
      return null;
    }
    return d;
  };
  let cur: Pending | null = null;
  let prev: { minute: number; twelve: boolean } | null = null;
  let lastSender: { actor: string; bot: boolean } | null = null;
  let unattributed = 0;
  let firstUnattributed = 0;
  let firstTimed = 0;
  let noZoneCount = 0;
  let undated = 0;
  let firstUndated = 0;

  const flush = () => {
    if (!cur) return;
    const p = cur;
    cur = null;
    const body = tidy(clean(p.body.join('\n').replace(EDITED, '')));
    if (!body) return;
    if (!tz) {
      noZoneCount++;
      return;
    }
    if (!p.date) {
      undated++;
      if (!firstUndated) firstUndated = p.line;
      return;
    }
    let kind: EventKind = 'message';
    let echoOf: RawEvent['echoOf'] = null;
    let keys: string[] | undefined;
    if (p.bot) {
      const c = classifyBot(p.actor, body);
      if (c === 'heartbeat') return;
      kind = c.kind;
      echoOf = c.echoOf;
      if (c.keys.length) keys = c.keys;
    } else if (isHeartbeatLine(body)) return;
    const wall = Date.UTC(p.date.y, p.date.m - 1, p.date.d, 0, p.minute, p.time.s ?? 0);
    const { ms, dst } = localToUtc(wall, tz);
    if (dst) {
      warnings.push({
        file: ctx.file,
        line: p.line,
        message:
          dst === 'gap'
            ? `${p.time.raw} does not exist on that day in ${tz} (clock change); read with the offset before the change`
            : `${p.time.raw} happens twice on that day in ${tz} (clock change); the earlier one was used`,
      });
    }
    const ev: RawEvent = {
      source: 'text',
      file: ctx.file,
      ref: String(p.line),
      line: p.line,
      occurredAt: ms,
      precision: p.time.s === null ? 'minute' : 'second',
      kind,
      actor: p.actor,
      text: body,
      rawTime: p.time.raw,
      excerpt: excerptOf(`${p.header}\n${p.body[0] ?? ''}`),
      channel,
      parentRef: null,
    };
    if (echoOf) ev.echoOf = echoOf;
    if (keys) ev.keys = keys;
    events.push(ev);
  };

  const start = (actor: string, bot: boolean, time: ClockTime, lineNo: number, header: string, d: DayDate | null) => {
    flush();
    const minute = minuteOfDay(time, prev);
    prev = { minute, twelve: time.mer !== null || (prev?.twelve ?? false) };
    if (!firstTimed) firstTimed = lineNo;
    cur = { actor: clean(actor.trim()), bot, line: lineNo, header, time, minute, date: d, body: [] };
    lastSender = { actor: cur.actor, bot };
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i] ?? '';
    const l = raw.trimEnd();
    if (!l.trim()) {
      if (cur) (cur as Pending).body.push('');
      continue;
    }
    const day = parseDayHeader(l.trim());
    if (day !== null && (typeof day === 'object' || headerFollows(lines, i + 1))) {
      flush();
      prev = null;
      if (day === 'relative' || day === 'noyear') {
        date = null;
        dateProblem = { line: lineNo, why: day === 'relative' ? `"${clean(l.trim())}" is relative to a day the paste does not give` : `"${clean(l.trim())}" has no year` };
      } else {
        date = day;
        dateProblem = null;
      }
      continue;
    }
    let m = BRACKET.exec(l);
    if (m) {
      const t = clock(m[2], m[3], m[4], m[5], l.slice(1, l.indexOf(']')));
      if (t) {
        const d = m[1] ? lineDate(m[1], lineNo) : date;
        start(m[6] ?? '', false, t, lineNo, l, d);
        const rest = m[7] ?? '';
        if (cur) (cur as Pending).body.push(rest.replace(EDITED, ''));
        continue;
      }
    }
    m = DASH_HEADER.exec(l);
    if (m) {
      const t = clock(m[4], m[5], m[6], m[7], l.slice(l.search(/\d{1,2}[:.]\d{2}(?:\D*)$/)).trim());
      if (t) {
        let d: DayDate | null = date;
        if (m[2]) {
          d = null;
          dateProblem = { line: lineNo, why: `"${clean(m[2])}" is relative to a day the paste does not give` };
        } else if (m[3]) d = lineDate(m[3], lineNo);
        start(m[1] ?? '', false, t, lineNo, l, d);
        continue;
      }
    }
    m = HEADER.exec(l) ?? HEADER_1SP.exec(l);
    if (m) {
      const t = clock(m[3], m[4], m[5], m[6], l.slice(l.search(/\d{1,2}[:.]\d{2}(?:\D*)$/)).trim());
      if (t) {
        start(m[1] ?? '', !!m[2], t, lineNo, l, date);
        continue;
      }
    }
    m = BARE.exec(l.trim());
    if (m) {
      const t = clock(m[1], m[2], m[3], m[4], l.trim().replace(EMOJI_PREFIX, ''));
      if (t && lastSender) {
        const sender: { actor: string; bot: boolean } = lastSender;
        start(sender.actor, sender.bot, t, lineNo, l, date);
        continue;
      }
    }
    // "Name" on its own line followed by an (emoji +) time line with AM/PM
    const next = (lines[i + 1] ?? '').trim();
    const nm = BARE.exec(next);
    if (nm && (nm[4] || EMOJI_PREFIX.test(next)) && NAME_LIKE.test(l.trim()) && l.trim().length <= 40) {
      const t = clock(nm[1], nm[2], nm[3], nm[4], next.replace(EMOJI_PREFIX, ''));
      if (t) {
        const name = l.trim().replace(/\s+(APP|BOT)$/, '');
        start(name, /\s(APP|BOT)$/.test(l.trim()), t, lineNo, `${l.trim()} ${next}`, date);
        i++;
        continue;
      }
    }
    if (cur) (cur as Pending).body.push(l.replace(EDITED, ''));
    else {
      unattributed++;
      if (!firstUnattributed) firstUnattributed = lineNo;
    }
  }
  flush();

  if (!tz && noZoneCount > 0) {
    warnings.push({
      file: ctx.file,
      line: firstTimed || null,
      message: `pasted chat times carry no zone: ${noZoneCount} message(s) not imported; give the zone they were written in with --tz (e.g. --tz America/Chicago)`,
    });
  }
  if (undated > 0) {
    const dp = dateProblem as { line: number; why: string } | null;
    warnings.push({
      file: ctx.file,
      line: firstUndated,
      message: `${undated} message(s) without a dated day header skipped${dp ? ` (${dp.why}, line ${dp.line})` : ''}: add a line such as "Tuesday, March 12th, 2024" above them`,
    });
  }
  if (unattributed > 0) {
    warnings.push({
      file: ctx.file,
      line: firstUnattributed,
      message: `${unattributed} line(s) before any "Name  time" header could not be attributed to a sender, skipped`,
    });
  }
  return { events, series: [], warnings };
}

export const pastedChatImporter: FileImporter = {
  id: 'pasted-chat',
  source: 'text',
  detect,
  parse,
};
