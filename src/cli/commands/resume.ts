// debrief resume [id]: reopen a saved session at the step where it stopped; with no id, pick from a list.
import type { Command } from '../command.js';
import { UserError } from '../command.js';
import { openStore } from '../../store/index.js';
import { openConsole } from '../console.js';

export default {
  name: 'resume',
  summary: 'Reopen a saved session at the step where it stopped (no id: pick from a list).',
  usage: 'debrief resume [id] [--read-only] [--sessions-dir DIR]',
  options: { 'read-only': { type: 'boolean' } },
  interactive: true,
  async run(args, io) {
    const store = openStore(args.sessionsDir, { command: 'debrief resume' });
    let id = args.positionals[0];
    if (!id) {
      const sessions = (await store.list()).filter((s) => !s.error);
      if (sessions.length === 0) throw new UserError(`no sessions in ${store.dir}. Start one with \`debrief demo\` or \`debrief new <exports...>\`.`);
      const { pickSession } = await import('../../ui/picker.js');
      const picked = await pickSession(sessions, { stdin: io.stdin as NodeJS.ReadStream, stdout: io.stdout as NodeJS.WriteStream, env: io.env });
      if (!picked) return 0;
      id = picked;
    }
    const loaded = await store.load(id as string, { readOnly: Boolean(args.values['read-only']) });
    if (!loaded.ok) throw new UserError(loaded.message, loaded.code === 'missing' ? 2 : 1);
    if (loaded.migratedFrom !== undefined) {
      io.stderr.write(`debrief: migrated ${id} from schema version ${loaded.migratedFrom}${loaded.backupPath ? `; the original is kept at ${loaded.backupPath}` : ''}\n`);
    }
    return openConsole(store, loaded.session, { io, readOnly: Boolean(args.values['read-only']), readOnlyIfLocked: true });
  },
} satisfies Command;
