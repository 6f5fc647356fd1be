// Undo and redo: a bounded stack of whole sessions (structural sharing keeps it cheap).
import type { Dispatchable } from './actions.js';
import { reduce } from './reducer.js';
import type { Session } from './schema.js';

export const HISTORY_LIMIT = 100;

export interface History {
  past: Session[];
  present: Session;
  future: Session[];
}

export function initHistory(session: Session): History {
  return { past: [], present: session, future: [] };
}

/** Apply an action; an action that changes nothing leaves history untouched. */
export function record(h: History, action: Dispatchable): History {
  const next = reduce(h.present, action);
  if (next === h.present) return h;
  const past = h.past.length >= HISTORY_LIMIT ? [...h.past.slice(h.past.length - HISTORY_LIMIT + 1), h.present] : [...h.past, h.present];
  return { past, present: next, future: [] };
}

export function undo(h: History): History {
  const prev = h.past[h.past.length - 1];
  if (!prev) return h;
  return { past: h.past.slice(0, -1), present: prev, future: [h.present, ...h.future] };
}

export function redo(h: History): History {
  const [next, ...rest] = h.future;
  if (!next) return h;
  return { past: [...h.past, h.present], present: next, future: rest };
}

export const canUndo = (h: History) => h.past.length > 0;
export const canRedo = (h: History) => h.future.length > 0;
