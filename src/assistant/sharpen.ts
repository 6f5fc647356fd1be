// Sharpening action items (issue 6): the analysis rules offline (src/analysis/actionItems.ts), Claude when
// enabled. Claude's item is checked with the same specificity rules (vague verb, fix aimed at people, no
// owner, no date, nothing verifiable) before anyone sees it; an item that still trips one is refused and
// the rules' suggestion is shown with a note. Due dates come from the item, a valid date Claude
// proposes, or the severity x horizon table. Pure: no I/O, no clock (today comes in).
import { checkActionItem, proposeDueDate, sharpenTitle, type ActionFacts, type ItemFinding } from '../analysis/actionItems.js';
import { personPattern, peopleOf, scrubPeople } from '../analysis/questions.js';
import type { ActionItem, Session } from '../domain/schema.js';
import { clip, oneLine, sanitize } from '../domain/text.js';
import type { SharpenedAction, SharpenResult } from './types.js';

/** The rules a sharpened item must pass. */
export const BLOCKING_ACTION_RULES = ['vague-action', 'people-fix-action', 'no-owner', 'no-date', 'not-verifiable'] as const;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD of `today` (a day or an ISO instant), or null. */
export function dayOf(today: string | undefined | null): string | null {
  const m = today ? /^(\d{4}-\d{2}-\d{2})/.exec(today) : null;
  return m ? m[1]! : null;
}

/** A real calendar day (2026-02-30 is not). */
export function isDay(s: string): boolean {
  if (!ISO_DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The due date an item gets without asking anyone: its own, else severity x horizon from today. */
export function defaultDue(session: Session, item: ActionItem, today?: string): string | null {
  if (item.due) return item.due;
  const day = dayOf(today ?? session.updatedAt);
  return day ? proposeDueDate(session.incident.severity, item.horizon, day) : null;
}

function factsFor(session: Session, item: ActionItem, today?: string): ActionFacts {
  const day = dayOf(today ?? session.updatedAt);
  return { severity: session.incident.severity, horizon: item.horizon, ...(day ? { today: day } : {}) };
}

/** The blocking findings for a sharpened item (as it would be saved: the original item with the new fields). */
export function sharpenFindings(session: Session, item: ActionItem, sharp: SharpenedAction, today?: string): ItemFinding[] {
  const candidate: ActionItem = { ...item, title: sharp.title, doneWhen: sharp.doneWhen, ownerRole: sharp.ownerRole, due: sharp.due ?? null };
  const blocking = new Set<string>(BLOCKING_ACTION_RULES);
  return checkActionItem(candidate, factsFor(session, item, today)).filter((f) => blocking.has(f.rule));
}

const TEMPLATE_HOLE = /<[a-z][^<>]{0,60}>|\[(?:[A-Z_]+_\d+|redacted)\]/;
const PSEUDONYM = /\b(?:person|responder|incident commander|facilitator|scribe|observer|on-call|owner)\s+[A-Z]\b/;

/**
 * Why a model's sharpened item cannot be shown, or null when it passes: template holes or placeholders
 * left in, a person (or a pseudonym) as the owner, a due date that is not a day or is in the past, or a
 * finding of the specificity rules.
 */
export function checkSharpened(session: Session, item: ActionItem, sharp: SharpenedAction, today?: string): string | null {
  const fields = `${sharp.title}\n${sharp.doneWhen}\n${sharp.ownerRole}`;
  if (TEMPLATE_HOLE.test(fields)) return "Claude's item left a placeholder unfilled";
  const people = personPattern(peopleOf(session));
  people.lastIndex = 0;
  if (people.test(sharp.ownerRole) || PSEUDONYM.test(sharp.ownerRole)) return "Claude's item names a person as the owner";
  if (sharp.due != null) {
    if (!isDay(sharp.due)) return `Claude's due date "${clip(sharp.due, 20)}" is not a date`;
    const day = dayOf(today ?? session.updatedAt);
    if (day && sharp.due < day) return `Claude's due date ${sharp.due} is in the past`;
  }
  const fs = sharpenFindings(session, item, sharp, today);
  if (fs.length) return `Claude's item still fails the ${fs[0]!.rule} rule`;
  return null;
}

/** The rules' sharpened item: sharper title, the not-verifiable rule's done-when, the owner kept, a proposed due date. */
export function rulesSharpen(session: Session, item: ActionItem, today?: string): SharpenResult {
  const people = personPattern(peopleOf(session));
  const facts = factsFor(session, item, today);
  const findings = checkActionItem(item, facts);
  const title0 = scrubPeople(oneLine(sanitize(item.title)), people, 'the owning team');
  const title = sharpenTitle(title0) ?? title0;
  const done = findings.find((f) => f.rule === 'not-verifiable' && f.field === 'doneWhen');
  const doneWhen = item.doneWhen.trim() ? (done?.suggestion ?? item.doneWhen.trim()) : (done?.suggestion ?? '');
  const ownerRole = item.ownerRole.trim() || 'owning team';
  const reasons = findings.filter((f) => f.rule !== 'no-factor').map((f) => `${f.rule}: ${clip(oneLine(f.message), 140)}`);
  return { provider: 'offline', item: { title, doneWhen, ownerRole, reasons, due: defaultDue(session, item, today) } };
}
