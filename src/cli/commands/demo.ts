// debrief demo: open a copy of the bundled demo incident. Never overwrites an existing session.
import type { Command } from '../command.js';
import { openStore } from '../../store/index.js';
import { aiFlag, openConsole } from '../console.js';
import { demoCopy, loadDemo } from '../demo.js';

export default {
  name: 'demo',
  summary: 'Open a copy of the bundled demo incident (checkout 5xx from a promo lookup) in the meeting console.',
  usage: 'debrief demo [--ai offline|claude] [--sessions-dir DIR]',
  options: { ai: { type: 'string' } },
  interactive: true,
  async run(args, io) {
    const ai = aiFlag(args.values.ai, 'demo');
    const store = openStore(args.sessionsDir, { command: 'debrief demo' });
    const demo = await loadDemo();
    const id = await store.uniqueId(demo.id);
    const session = demoCopy(demo, id, new Date().toISOString());
    await store.create(session);
    return openConsole(store, session, { io, ...(ai ? { ai } : {}) });
  },
} satisfies Command;
