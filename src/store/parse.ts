// Reading a session file's text: JSON, migration, validation, and one clear line when any of it fails.
// Pure: the caller reads the bytes and names the file.
import { migrate } from '../domain/migrate.js';
import { z } from 'zod';
import { MetricSeriesSchema, SCHEMA_VERSION, SessionSchema, TimelineEventSchema, type Session } from '../domain/schema.js';
import { clip, oneLine } from '../domain/text.js';

export type ParseResult =
  | { ok: true; session: Session; from: number; migrated: boolean }
  | { ok: false; code: 'invalid' | 'newer'; message: string; field?: string };

/** "timeline.events[3].occurredAt" from a zod issue path */
export function fieldPath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const key of p) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(the whole file)';
}

function valueAt(data: unknown, p: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const key of p) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function showValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return clip(oneLine(s), 40);
}

function lineOf(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: pos - last };
}

/**
 * Parse a session file's text. `shown` is the file as it should appear in messages, `id` the id its
 * name gives (the file's `id` field must agree), `doctorHint` what to tell the user to run.
 */
export function parseSessionText(text: string, shown: string, id: string): ParseResult {
  const keep = 'the file was left untouched';
  const fix = `fix it by hand, or run "debrief doctor ${id} --restore" to restore the newest valid backup; ${keep}`;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const m = /position (\d+)/.exec(msg);
    let where = '';
    if (m?.[1]) {
      const { line, column } = lineOf(body, Number(m[1]));
      where = ` at line ${line}, column ${column}`;
    } else if (body.trim() === '') where = ' (the file is empty)';
    else where = ` at line ${lineOf(body, body.length).line} (it ends too early)`;
    return { ok: false, code: 'invalid', message: `${shown}: not valid JSON${where}: ${fix}.` };
  }
  const mig = migrate(raw);
  if (!mig.ok) {
    if (mig.reason === 'newer') {
      return {
        ok: false,
        code: 'newer',
        message: `${shown} was written by a newer debrief (session format v${mig.found}; this debrief reads up to v${SCHEMA_VERSION}): upgrade debrief to open it; ${keep}.`,
      };
    }
    const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).schemaVersion : undefined;
    const what = raw && typeof raw === 'object' && !Array.isArray(raw) ? `field "schemaVersion" is ${showValue(v)}, not a known version` : 'it is not a JSON object';
    return { ok: false, code: 'invalid', field: 'schemaVersion', message: `${shown}: ${what}: ${fix}.` };
  }
  const parsed = SessionSchema.safeParse(mig.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const p = issue?.path ?? [];
    const field = fieldPath(p);
    const found = showValue(valueAt(mig.data, p));
    const why = clip(oneLine(issue?.message ?? 'invalid'), 120);
    return {
      ok: false,
      code: 'invalid',
      field,
      message: `${shown}: field "${field}" is invalid (${why}; found ${found}): ${fix}.`,
    };
  }
  if (parsed.data.id !== id) {
    return {
      ok: false,
      code: 'invalid',
      field: 'id',
      message: `${shown}: field "id" is ${showValue(parsed.data.id)} but the file is named for "${id}": make them agree (rename the file or fix the field); ${keep}.`,
    };
  }
  return { ok: true, session: parsed.data, from: mig.from, migrated: mig.migrated };
}

/** The text a session is saved as: pretty JSON and a final newline. Sessions are immutable, so the
 *  last one's text is kept: the console's journal and the save that follows it serialise it once. */
let lastText: { session: Session; text: string } | null = null;
export function sessionText(session: Session): string {
  if (lastText?.session === session) return lastText.text;
  const text = `${JSON.stringify(session, null, 2)}\n`;
  lastText = { session, text };
  return text;
}

// Validation before every save, made cheap for big sessions: the reducer shares unchanged timeline
// events and metric series between versions, so each of those objects is validated once (remembered
// by identity) and the rest of the session, small, is validated in full each time.
const validated = new WeakSet<object>();
const LightSession = SessionSchema.extend({
  timeline: SessionSchema.shape.timeline.extend({ events: z.array(z.unknown()), series: z.array(z.unknown()) }),
});

export type Validation = { ok: true } | { ok: false; field: string; message: string };

function firstIssue(err: z.ZodError, prefix: PropertyKey[]): Validation {
  const issue = err.issues[0];
  return { ok: false, field: fieldPath([...prefix, ...(issue?.path ?? [])]), message: clip(oneLine(issue?.message ?? 'invalid'), 100) };
}

export function validateSession(session: Session): Validation {
  const top = LightSession.safeParse(session);
  if (!top.success) return firstIssue(top.error, []);
  const lists: [unknown[], z.ZodType, string][] = [
    [session.timeline.events, TimelineEventSchema, 'events'],
    [session.timeline.series, MetricSeriesSchema, 'series'],
  ];
  for (const [items, schema, key] of lists) {
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item !== null && typeof item === 'object' && validated.has(item)) continue;
      const r = schema.safeParse(item);
      if (!r.success) return firstIssue(r.error, ['timeline', key, i]);
      if (item !== null && typeof item === 'object') validated.add(item);
    }
  }
  return { ok: true };
}
