// debrief resume [id]: reopen a saved session at the step where it stopped; with no id, pick from a list.
import type { CliIO, Command } from '../command.js';
import { UserError } from '../command.js';
import { openStore, type SessionStore } from '../../store/index.js';
import { aiFlag, openConsole } from '../console.js';

/** With no id: a list to pick from (null when the user leaves without picking). */
async function pick(store: SessionStore, io: CliIO): Promise<string | null> {
  // broken ones are listed too (greyed, with their error and a doctor hint), never silently left out
  const sessions = await store.list();
  if (sessions.length === 0) throw new UserError(`no sessions in ${store.dir}. Start one with \`debrief demo\` or \`debrief new <exports...>\`.`);
  const { pickSession } = await import('../../ui/picker.js');
  return pickSession(sessions, { stdin: io.stdin as NodeJS.ReadStream, stdout: io.stdout as NodeJS.WriteStream, env: io.env });
}

export default {
  name: 'resume',
  summary: 'Reopen a saved session at the step where it stopped (no id: pick from a list).',
  usage: 'debrief resume [id] [--read-only] [--ai offline|claude] [--sessions-dir DIR]',
  options: { 'read-only': { type: 'boolean' }, ai: { type: 'string' } },
  interactive: true,
  async run(args, io) {
    const ai = aiFlag(args.values.ai, 'resume');
    const store = openStore(args.sessionsDir, { command: 'debrief resume' });
    const id = args.positionals[0] ?? (await pick(store, io));
    if (!id) return 0;
    const loaded = await store.load(id, { readOnly: Boolean(args.values['read-only']) });
    if (!loaded.ok) throw new UserError(loaded.message, loaded.code === 'missing' ? 2 : 1);
    if (loaded.migratedFrom !== undefined) {
      io.stderr.write(`debrief: migrated ${id} from schema version ${loaded.migratedFrom}${loaded.backupPath ? `; the original is kept at ${loaded.backupPath}` : ''}\n`);
    }
    const notice = loaded.recoveredFrom ? 'Recovered the last changes from the crash journal (the previous console was stopped before it could save them).' : undefined;
    return openConsole(store, loaded.session, { io, readOnly: Boolean(args.values['read-only']), readOnlyIfLocked: true, ...(ai ? { ai } : {}), ...(notice ? { notice } : {}) });
  },
} satisfies Command;
