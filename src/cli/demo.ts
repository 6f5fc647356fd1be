// The bundled demo incident: a whole meeting on the checkout-pool-exhaustion incident.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Session } from '../domain/schema.js';
import { parseSessionText } from '../store/index.js';

/** demo/demo-session.json at the package root (works from src/ under vitest and from dist/). */
export const DEMO_FILE = fileURLToPath(new URL('../../demo/demo-session.json', import.meta.url));

/** The id the bundled demo carries; copies get this id, then -2, -3 … */
export const DEMO_ID = 'demo-checkout-pool-exhaustion';

export async function loadDemo(): Promise<Session> {
  const text = await readFile(DEMO_FILE, 'utf8');
  const r = parseSessionText(text, DEMO_FILE, DEMO_ID);
  if (!r.ok) throw new Error(`the bundled demo is damaged: ${r.message}`);
  return r.session;
}

/** A fresh copy of the demo under a new id: its meeting clock starts now, nothing else changes. */
export function demoCopy(demo: Session, id: string, now: string): Session {
  return {
    ...demo,
    id,
    createdAt: now,
    updatedAt: now,
    meeting: {
      ...demo.meeting,
      clock: { startedAt: null, enteredAt: null, spent: Object.fromEntries(Object.keys(demo.meeting.clock.spent).map((k) => [k, 0])) as Session['meeting']['clock']['spent'] },
    },
  };
}
