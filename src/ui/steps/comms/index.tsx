// Comms: the drafts from src/report/comms.ts (status updates per phase, an email per tier, the exec
// summary); read them, edit one as text (saved as comms/edit), or revert to the generated draft.
import { Box, Text, type Key } from 'ink';
import type { ReactNode } from 'react';
import type { Session } from '../../../domain/schema.js';
import { sanitize } from '../../../domain/text.js';
import { draftCommsWithModel } from '../../../assistant/comms.js';
import { clip, oneLine } from '../../../domain/text.js';
import { checkDraft, draftComms, type CommsDraft, type CommsRequest, type DraftFinding } from '../../../report/comms.js';
import { is, type Command } from '../../keys.js';
import { caretPosition, editText, moveLine, textField, type TextFieldState } from '../../widgets/textEdit.js';
import { TextField } from '../../widgets/TextField.js';
import { validTimeZone } from '../intake/index.js';
import { defineStep, type StepContext } from '../types.js';

export interface CommsUi {
  doc: number;
  scroll: number;
  edit: TextFieldState | null;
  /** the audience's time zone for the drafts (null: the incident's); UI state only */
  tz: string | null;
  /** typing a zone */
  zone: TextFieldState | null;
  /** the draft Claude is writing (its key), while the request runs */
  asking?: string | null;
}

let cache: { session: Session; tz: string | null; drafts: CommsDraft[] } | null = null;
/** Every draft in reading order, memoised on the session object and the zone. */
export function allDrafts(s: Session, tz: string | null = null): CommsDraft[] {
  if (cache?.session === s && cache.tz === tz) return cache.drafts;
  let drafts: CommsDraft[];
  const z = tz ? { tz } : {};
  try {
    drafts = [...draftComms(s, { kind: 'status', ...z }), ...draftComms(s, { kind: 'email', ...z }), ...draftComms(s, { kind: 'exec', ...z })];
  } catch (err) {
    drafts = [{ key: 'error', kind: 'exec', title: 'Drafts unavailable', body: `The drafts could not be built: ${err instanceof Error ? err.message : String(err)}`, edited: false, missing: [] }];
  }
  cache = { session: s, tz, drafts };
  return drafts;
}

let checked: { session: Session; text: string; findings: DraftFinding[] } | null = null;
/** checkDraft findings (leaks, speculation, blame, figures not in the facts) for a draft text the room
 *  wrote; checked against the session without the room's edits (an edit must not vouch for its own
 *  figures). Memoised on the session object and the text. */
export function textFindings(s: Session, text: string): DraftFinding[] {
  if (checked?.session === s && checked.text === text) return checked.findings;
  let findings: DraftFinding[];
  try {
    findings = checkDraft(text, { ...s, comms: { ...s.comms, edits: {} } });
  } catch {
    findings = [];
  }
  checked = { session: s, text, findings };
  return findings;
}

/** The findings for a draft the room edited; generated drafts are built from the facts, not checked. */
export function draftFindings(s: Session, d: CommsDraft): DraftFinding[] {
  return d.edited ? textFindings(s, d.body) : [];
}

/** "speculation "probably" · figure "42" not in the facts" */
export function findingsText(findings: DraftFinding[]): string {
  const what = (f: DraftFinding) =>
    f.rule === 'unsupported-figure' ? `"${f.span}" is not in the facts` : f.rule === 'leak' ? `"${f.span}" looks internal` : `${f.rule} "${f.span}"`;
  return findings.map((f) => what({ ...f, span: sanitize(f.span).replace(/\s+/g, ' ') })).join(' · ');
}

const textRows = (ctx: StepContext<CommsUi>) => Math.max(3, ctx.body.rows - 5);

/** Wrap text to a width (hard wrap on spaces; long words cut). */
export function wrapLines(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    if (para.length <= width) {
      out.push(para);
      continue;
    }
    let line = '';
    for (const word of para.split(' ')) {
      if (!line) line = word;
      else if (line.length + 1 + word.length <= width) line += ` ${word}`;
      else {
        out.push(line);
        line = word;
      }
      while (line.length > width) {
        out.push(line.slice(0, width));
        line = line.slice(width);
      }
    }
    out.push(line);
  }
  return out;
}

/** The request for one draft ("status:investigating" → a status update for that phase). */
export function requestFor(d: CommsDraft, tz: string | null): CommsRequest {
  const which = d.key.split(':')[1];
  const base = tz ? { tz } : {};
  if (d.kind === 'status') return { kind: 'status', phase: which as CommsRequest['phase'], ...base };
  if (d.kind === 'email') return { kind: 'email', tier: which as CommsRequest['tier'], ...base };
  return { kind: 'exec', ...base };
}

/** `n`: Claude drafts the shown document from the facts; the answer is checked, then saved as an edit
 *  the room can change or revert. Without Claude (no key, no consent) the status line says why. */
function askClaude(ctx: StepContext<CommsUi>, d: CommsDraft): void {
  const assistant = ctx.assistant;
  if (ctx.ui.asking) return ctx.setStatus('Claude is still drafting the last one…');
  if (!assistant || assistant.id !== 'claude') {
    const note = ctx.assistantNote ? oneLine(ctx.assistantNote) : '';
    if (/consent/i.test(note)) return ctx.setStatus('Claude needs consent first: on 5 Whys (3) press C to see exactly what is sent and grant it.', 'warn');
    return ctx.setStatus(`${note || 'Claude is not configured'}: set ANTHROPIC_API_KEY or start with --ai claude; the drafts shown are the offline templates.`, 'warn');
  }
  if (d.edited) return ctx.setStatus('This draft has the room\'s edits: r reverts to the template, then n asks Claude.', 'warn');
  if (ctx.readOnly) return ctx.setStatus('Read-only: nothing is changed.', 'warn');
  const session = ctx.session;
  ctx.setUi((u) => ({ ...u, asking: d.key }));
  ctx.setStatus(`Asking Claude to draft "${clip(oneLine(d.title), 50)}" from the confirmed facts…`);
  draftCommsWithModel(session, requestFor(d, ctx.ui.tz), { assistant }).then(
    (r) => {
      ctx.setUi((u) => ({ ...u, asking: null }));
      const got = r.drafts.find((x) => x.key === d.key);
      if (!got || got.provider !== 'claude') {
        const note = got?.note ?? r.notes[0] ?? 'Claude did not answer; the template stays';
        return ctx.setStatus(clip(oneLine(note), 200), 'warn');
      }
      ctx.dispatch({ type: 'comms/edit', key: d.key, text: got.body });
      ctx.setStatus(`Claude drafted "${clip(oneLine(d.title), 50)}" from the facts; it passed the checks. e edits, r goes back to the template.`, 'success');
    },
    (err: unknown) => {
      ctx.setUi((u) => ({ ...u, asking: null }));
      ctx.setStatus(`Claude's draft failed: ${clip(oneLine(err instanceof Error ? err.message : String(err)), 120)}; the template stays.`, 'warn');
    },
  );
}

function handleKey(input: string, key: Key, ctx: StepContext<CommsUi>): boolean {
  const { ui, session: s } = ctx;
  const drafts = allDrafts(s, ui.tz);
  const d = drafts[Math.min(ui.doc, drafts.length - 1)];
  if (!d) return false;
  if (ui.zone) {
    const r = editText(ui.zone, input, key);
    if (r.result === 'cancel') ctx.setUi({ ...ui, zone: null });
    else if (r.result === 'submit') {
      const tz = r.state.value.trim();
      if (tz && !validTimeZone(tz)) {
        ctx.setStatus(`"${tz}" is not an IANA time zone (e.g. UTC, Europe/Berlin, America/New_York).`, 'warn');
        return true;
      }
      ctx.setUi({ ...ui, zone: null, tz: tz && tz !== s.incident.timezone ? tz : null });
    } else ctx.setUi({ ...ui, zone: r.state });
    return true;
  }
  if (ui.edit) {
    if (is('comms.save', input, key)) {
      const text = ui.edit.value.replace(/\s+$/, '');
      ctx.dispatch({ type: 'comms/edit', key: d.key, text });
      ctx.setUi({ ...ui, edit: null });
      const n = textFindings(ctx.session, text).length;
      if (n) ctx.setStatus(`Saved your edit of "${d.title}": ${n} thing${n === 1 ? '' : 's'} to check before sending (listed above the draft).`, 'warn');
      else ctx.setStatus(`Saved your edit of "${d.title}".`, 'success');
      return true;
    }
    if (is('edit.cancel', input, key)) return ctx.setUi({ ...ui, edit: null }), true;
    if (is('comms.newline', input, key)) {
      const { value, cursor } = ui.edit;
      return ctx.setUi({ ...ui, edit: { value: `${value.slice(0, cursor)}\n${value.slice(cursor)}`, cursor: cursor + 1 } }), true;
    }
    if (key.upArrow || key.downArrow) return ctx.setUi({ ...ui, edit: moveLine(ui.edit, key.upArrow ? -1 : 1) }), true;
    const r = editText(ui.edit, input, key, { multiline: true });
    if (r.state !== ui.edit) ctx.setUi({ ...ui, edit: r.state });
    return true;
  }
  if (is('nav.left', input, key) || is('nav.right', input, key)) {
    const n = drafts.length;
    const doc = (ui.doc + (is('nav.left', input, key) ? n - 1 : 1)) % n;
    return ctx.setUi({ ...ui, doc, scroll: 0 }), true;
  }
  const lines = wrapLines(d.body, ctx.body.columns - 2).length;
  const rows = textRows(ctx) - (draftFindings(s, d).length ? 1 : 0);
  const maxScroll = Math.max(0, lines - rows);
  if (is('nav.up', input, key)) return ctx.setUi({ ...ui, scroll: Math.max(0, ui.scroll - 1) }), true;
  if (is('nav.down', input, key)) return ctx.setUi({ ...ui, scroll: Math.min(maxScroll, ui.scroll + 1) }), true;
  if (is('nav.pageUp', input, key)) return ctx.setUi({ ...ui, scroll: Math.max(0, ui.scroll - rows) }), true;
  if (is('nav.pageDown', input, key)) return ctx.setUi({ ...ui, scroll: Math.min(maxScroll, ui.scroll + rows) }), true;
  if (is('item.edit', input, key)) return ctx.setUi({ ...ui, edit: textField(d.body) }), true;
  if (is('comms.zone', input, key)) return ctx.setUi({ ...ui, zone: textField(ui.tz ?? s.incident.timezone) }), true;
  if (is('comms.draftAi', input, key)) return askClaude(ctx, d), true;
  if (is('comms.revert', input, key) && d.edited) {
    ctx.dispatch({ type: 'comms/edit', key: d.key, text: null });
    ctx.setStatus('Back to the generated draft (u to undo).');
    return true;
  }
  return false;
}

function keys(ctx: StepContext<CommsUi>): Command[] {
  if (ctx.ui.zone) return ['edit.submit', 'edit.cancel'];
  if (ctx.ui.edit) return ['comms.save', 'comms.newline', 'edit.cancel'];
  const d = allDrafts(ctx.session, ctx.ui.tz)[ctx.ui.doc];
  const ai = ctx.assistant && !ctx.presenter && (ctx.assistant.id === 'claude' || ctx.assistantNote) ? (['comms.draftAi'] as Command[]) : [];
  const base: Command[] = ['nav.left', 'nav.up', 'nav.pageDown', 'item.edit', 'comms.zone', ...ai];
  return d?.edited ? [...base, 'comms.revert'] : base;
}

function View({ ctx }: { ctx: StepContext<CommsUi> }) {
  const { ui, session: s, theme } = ctx;
  const drafts = allDrafts(s, ui.tz);
  const doc = Math.min(ui.doc, drafts.length - 1);
  const d = drafts[doc];
  if (!d) return <Text dimColor>No drafts.</Text>;
  const width = ctx.body.columns - 2;
  const findings = ui.edit ? [] : draftFindings(s, d);
  // the findings line takes one of the text rows
  const rows = textRows(ctx) - (findings.length ? 1 : 0);
  let body: ReactNode;
  if (ui.edit) {
    const { line, col } = caretPosition(ui.edit);
    const all = ui.edit.value.split('\n');
    const top = Math.max(0, Math.min(line - Math.floor(rows / 2), all.length - rows));
    body = all.slice(top, top + rows).map((l, i) => {
      const shown = sanitize(l);
      if (top + i !== line) return <Text key={i}>{shown.slice(0, width) || ' '}</Text>;
      const start = Math.max(0, col - width + 1);
      const seg = shown.slice(start, start + width);
      const c = col - start;
      return (
        <Text key={i}>
          {seg.slice(0, c)}
          <Text inverse>{seg[c] ?? ' '}</Text>
          {seg.slice(c + 1)}
        </Text>
      );
    });
  } else {
    const lines = wrapLines(d.body, width);
    const scroll = Math.min(ui.scroll, Math.max(0, lines.length - rows));
    body = (
      <>
        {lines.slice(scroll, scroll + rows).map((l, i) => (
          <Text key={i}>{l || ' '}</Text>
        ))}
        {scroll + rows < lines.length ? <Text dimColor>↓ {lines.length - scroll - rows} more lines</Text> : null}
      </>
    );
  }
  return (
    <Box flexDirection="column">
      <Text>
        <Text dimColor>
          {doc + 1}/{drafts.length} ·{' '}
        </Text>
        <Text bold>{sanitize(d.title)}</Text>
        {d.edited ? <Text color={theme.status.info}> (edited)</Text> : null}
        {ui.edit ? <Text color={theme.ui.focus}> · editing: Ctrl+S saves, Esc cancels</Text> : null}
        {ui.tz ? <Text color={theme.status.info}> · times in {ui.tz}</Text> : null}
        {ui.asking === d.key ? <Text color={theme.status.info}> · Claude is drafting…</Text> : null}
      </Text>
      {ui.zone ? <TextField label="Audience time zone" state={ui.zone} focused width={ctx.body.columns - 2} /> : null}
      {d.missing.length ? (
        <Text color={theme.status.warning} wrap="truncate">
          ⚠ missing facts: {d.missing.join(', ')}
        </Text>
      ) : null}
      {findings.length ? (
        <Text color={theme.status.warning} wrap="truncate">
          ⚠ check before sending: {findingsText(findings)}
        </Text>
      ) : null}
      <Box flexDirection="column" paddingLeft={1}>
        {body}
      </Box>
    </Box>
  );
}

export default defineStep<CommsUi>({
  id: 'comms',
  initialState: () => ({ doc: 0, scroll: 0, edit: null, tz: null, zone: null, asking: null }),
  View,
  handleKey,
  keys,
  capturesInput: (ui) => ui.edit !== null || ui.zone !== null,
  multilineInput: (ui) => ui.edit !== null,
});
