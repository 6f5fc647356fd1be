// What had and had not fired by a given instant, read off the session's timeline: the facts for a
// local-rationality rewrite ("Given the dashboards available at 14:32, the on-call engineer had no
// signal: … had not fired"). Pure: the instant is passed in.
import type { Session } from '../domain/schema.js';
import { clip, oneLine } from '../domain/text.js';
import type { SignalFacts } from './blame.js';

function clock(ms: number, tz: string): string {
  try {
    return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: tz }).format(new Date(ms));
  } catch {
    return new Date(ms).toISOString().slice(11, 16);
  }
}

const SIGNAL_KINDS = new Set(['alert', 'page', 'escalation', 'status']);

/** Alerts, pages and status changes that had fired by `at` (the latest three) and those that fired later. */
export function signalFactsAt(session: Session, at: string, role?: string): SignalFacts {
  const t = Date.parse(at);
  if (Number.isNaN(t)) throw new Error(`signalFactsAt: "${at}" is not an ISO instant`);
  const label = (text: string) => clip(oneLine(text), 60);
  const signals = session.timeline.events.filter((e) => SIGNAL_KINDS.has(e.kind) && e.text.trim());
  const fired = [...new Set(signals.filter((e) => Date.parse(e.occurredAt) <= t).map((e) => label(e.text)))].slice(-3);
  const notFired = [...new Set(signals.filter((e) => Date.parse(e.occurredAt) > t && e.kind === 'alert').map((e) => label(e.text)))].slice(0, 3);
  return { at: clock(t, session.incident.timezone), fired, notFired, ...(role ? { role } : {}) };
}
