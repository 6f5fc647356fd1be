// `git log` output: the default format (commit/Author/Date blocks), --pretty=fuller, and one-line
// --format forms (`%H%x1f%aI%x1f...%x1e`, `%h %ai %an %s`, `%h|%an|%ad|%s`). A commit is a note:
// it is when a change was written or landed, never when it was deployed.
import type { Precision } from '../domain/schema.js';
import { clip, oneLine, sanitize } from '../domain/text.js';
import { parseGitDate, parseInstant, type TimeResult } from './time.js';
import type { DetectInput, FileImporter, IngestWarning, ParseContext, ParseResult, RawEvent, VFile } from './types.js';

const COMMIT_LINE = /^commit ([0-9a-f]{7,64})\b/;
const ONELINE_DATE =
  /(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?|(?:[A-Z][a-z]{2},?\s+)?[A-Z][a-z]{2}\s+\d{1,2}\s+\d{1,2}:\d{2}:\d{2}\s+\d{4}(?:\s+[+-]\d{4})?|\b1\d{9}\b)/;

function firstLines(head: string, n: number): string[] {
  return head
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '')
    .slice(0, n);
}

export function detectGitLog(input: DetectInput): boolean {
  if (input.json !== undefined) return false;
  const head = input.head;
  const lines = firstLines(head, 8);
  const first = lines[0] ?? '';
  if (COMMIT_LINE.test(first) && /^(Date|AuthorDate|CommitDate):\s+\S/m.test(head) && /^Author:\s/m.test(head)) return true;
  if (head.includes('\x1f')) {
    const rec = head.split('\x1e')[0] ?? '';
    const fields = rec.trim().split('\x1f');
    return /^[0-9a-f]{7,64}$/.test(fields[0] ?? '') && fields.some((f) => parseInstant(f.trim()).ok);
  }
  // one line per commit: hash, a date, author and subject
  if (lines.length === 0) return false;
  const sample = lines.slice(0, 5);
  const good = sample.filter((l) => {
    const m = /^([0-9a-f]{7,64})[\s|,;]+(.*)$/.exec(l);
    return !!m && ONELINE_DATE.test(m[2] ?? '');
  });
  return good.length >= Math.min(2, sample.length) && good.length === sample.length;
}

interface Commit {
  sha: string;
  author: string | null;
  date: string | null;
  commitDate: string | null;
  subject: string;
  merge: boolean;
  line: number;
  raw: string[];
}

function pushEvent(c: Commit, ctx: ParseContext, events: RawEvent[], warnings: IngestWarning[]): void {
  const dateRaw = c.commitDate ?? c.date;
  if (!dateRaw) {
    warnings.push({ file: ctx.file, line: c.line, message: `commit ${c.sha.slice(0, 7)} has no date; skipped` });
    return;
  }
  const r: TimeResult = parseGitDate(dateRaw, ctx.tz);
  if (!r.ok) {
    if (!r.unknown) warnings.push({ file: ctx.file, line: c.line, message: `commit ${c.sha.slice(0, 7)}: ${r.message}` });
    return;
  }
  if (r.time.dst) warnings.push({ file: ctx.file, line: c.line, message: `commit ${c.sha.slice(0, 7)}: local time "${r.time.raw}" is ${r.time.dst === 'gap' ? 'in a DST gap' : 'ambiguous (DST overlap)'} in ${ctx.tz}` });
  const sha7 = c.sha.slice(0, 7).toLowerCase();
  const subject = oneLine(c.subject) || '(no subject)';
  const author = c.author ? oneLine(c.author.replace(/\s*<[^>]*>\s*$/, '')) || null : null;
  const precision: Precision = r.time.fractionDigits === -1 ? 'minute' : 'second';
  events.push({
    source: 'git',
    file: ctx.file,
    ref: c.sha,
    line: c.line,
    occurredAt: r.time.ms,
    precision,
    kind: 'note',
    actor: author,
    text: clip(`${c.merge ? 'merge commit' : 'commit'} ${sha7}${author ? ` by ${author}` : ''}: ${subject}`, 2000),
    rawTime: sanitize(r.time.raw),
    excerpt: clip(sanitize(c.raw.join('\n')).trim(), 600),
    keys: [`commit:${sha7}`],
  });
}

function parseBlocks(text: string, ctx: ParseContext): ParseResult {
  const events: RawEvent[] = [];
  const warnings: IngestWarning[] = [];
  const lines = text.split('\n');
  let cur: Commit | null = null;
  let inMessage = false;
  const flush = () => {
    if (cur) pushEvent(cur, ctx, events, warnings);
    cur = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    const cm = COMMIT_LINE.exec(line);
    if (cm) {
      flush();
      cur = { sha: cm[1]!, author: null, date: null, commitDate: null, subject: '', merge: false, line: i + 1, raw: [line] };
      inMessage = false;
      continue;
    }
    if (!cur) {
      if (line.trim()) warnings.push({ file: ctx.file, line: i + 1, message: 'line outside any commit; ignored' });
      continue;
    }
    const c: Commit = cur;
    if (c.raw.length < 12) c.raw.push(line);
    if (!inMessage) {
      const h = /^(Merge|Author|Date|AuthorDate|Commit|CommitDate):\s*(.*)$/.exec(line);
      if (h) {
        const [, k, v = ''] = h;
        if (k === 'Merge') c.merge = true;
        else if (k === 'Author') c.author = v;
        else if (k === 'Date' || k === 'AuthorDate') c.date = v;
        else if (k === 'CommitDate') c.commitDate = v;
        continue;
      }
      if (line.trim() === '') {
        inMessage = true;
        continue;
      }
    }
    if (inMessage && !c.subject && line.trim()) c.subject = line.trim();
  }
  flush();
  return { events, series: [], warnings };
}

function parseSeparated(text: string, ctx: ParseContext): ParseResult {
  const events: RawEvent[] = [];
  const warnings: IngestWarning[] = [];
  let line = 1;
  for (const rec of text.split('\x1e')) {
    const startLine = line + (rec.match(/^\s*\n/)?.[0].split('\n').length ?? 1) - 1;
    line += (rec.match(/\n/g) ?? []).length;
    const t = rec.trim();
    if (!t) continue;
    const fields = t.split('\x1f').map((f) => f.trim());
    const sha = fields[0] ?? '';
    if (!/^[0-9a-f]{7,64}$/.test(sha)) {
      warnings.push({ file: ctx.file, line: startLine, message: 'record does not start with a commit hash; skipped' });
      continue;
    }
    const dates = fields.filter((f, i) => i > 0 && parseInstant(f).ok);
    const rest = fields.filter((f, i) => i > 0 && !dates.includes(f));
    const emails = rest.filter((f) => /^[^\s@]+@[^\s@]+$/.test(f));
    const others = rest.filter((f) => !emails.includes(f));
    // %H %aI %cI %an %ae %s: the committer date (second date) is closer to when it landed
    pushEvent(
      {
        sha,
        author: others.length > 1 ? (others[0] ?? null) : null,
        date: dates[0] ?? null,
        commitDate: dates[1] ?? null,
        subject: others.length > 1 ? others.slice(1).join(' ') : (others[0] ?? ''),
        merge: false,
        line: startLine,
        raw: [t.replace(/\x1f/g, ' | ')],
      },
      ctx,
      events,
      warnings,
    );
  }
  return { events, series: [], warnings };
}

function parseOneLine(text: string, ctx: ParseContext): ParseResult {
  const events: RawEvent[] = [];
  const warnings: IngestWarning[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (!line.trim()) continue;
    const m = /^([0-9a-f]{7,64})[\s|,;]+(.*)$/.exec(line);
    const d = m ? ONELINE_DATE.exec(m[2] ?? '') : null;
    if (!m || !d) {
      warnings.push({ file: ctx.file, line: i + 1, message: 'not a commit line (hash, date, author, subject); skipped' });
      continue;
    }
    const rest = m[2] ?? '';
    const before = rest.slice(0, d.index).replace(/[\s|,;]+$/, '').trim();
    const after = rest.slice(d.index + d[0].length).replace(/^[\s|,;]+/, '');
    let author: string | null = before || null;
    let subject = after;
    if (!author) {
      // `%h %ai %an: %s` or `%h|%ad|%an|%s`
      const sep = /^([^|:;]+?)\s*[|:;]\s*(.*)$/.exec(after);
      if (sep) {
        author = sep[1]!.trim();
        subject = sep[2] ?? '';
      }
    }
    pushEvent({ sha: m[1]!, author, date: d[0], commitDate: null, subject, merge: false, line: i + 1, raw: [line] }, ctx, events, warnings);
  }
  return { events, series: [], warnings };
}

export async function parseGitLog(file: VFile, _input: DetectInput, ctx: ParseContext): Promise<ParseResult> {
  const text = await file.readText();
  const first = firstLines(text.slice(0, 4096), 1)[0] ?? '';
  if (COMMIT_LINE.test(first)) return parseBlocks(text, ctx);
  if (text.slice(0, 65536).includes('\x1f')) return parseSeparated(text, ctx);
  return parseOneLine(text, ctx);
}

export const gitLogImporter: FileImporter = {
  id: 'git-log',
  source: 'git',
  detect: detectGitLog,
  parse: parseGitLog,
};
