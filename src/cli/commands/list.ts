// `debrief list [--json]`: the saved sessions, newest change first.
import { STEP_LABELS } from '../../domain/schema.js';
import { clip, oneLine } from '../../domain/text.js';
import { openStore } from '../../store/index.js';
import type { CliIO, Command, ParsedArgs } from '../command.js';
import { shownDir, table, when } from '../../store/format.js';

export default {
  name: 'list',
  summary: 'list saved sessions (id, title, severity, step, last change)',
  usage: 'debrief list [--json] [--sessions-dir DIR]',
  options: { json: { type: 'boolean' } },
  run,
} satisfies Command;

async function run(args: ParsedArgs, io: CliIO): Promise<number> {
  const store = openStore(args.sessionsDir, { cwd: io.cwd, releaseOnExit: false });
  const sessions = await store.list();
  if (args.values.json) {
    io.stdout.write(
      `${JSON.stringify(
        {
          sessions: sessions.map((s) => ({
            id: s.id,
            title: oneLine(s.title),
            severity: s.severity,
            step: s.step,
            updatedAt: s.updatedAt,
            path: s.path,
            ...(s.error ? { error: oneLine(s.error) } : {}),
          })),
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const dir = shownDir(args.sessionsDir, io.cwd);
  if (sessions.length === 0) {
    io.stdout.write(`No sessions in ${dir}. Start one with \`debrief demo\` or \`debrief new\`.\n`);
    return 0;
  }
  const width = Math.max(60, io.stdout.columns ?? 100);
  const rows = sessions.map((s) =>
    s.error
      ? [s.id, '', '', `(cannot load: see \`debrief doctor ${s.id}\`)`, when(s.updatedAt)]
      : [s.id, s.severity ?? '', s.step ? STEP_LABELS[s.step] : '', clip(oneLine(s.title), 60), when(s.updatedAt)],
  );
  io.stdout.write(table(['ID', 'SEV', 'STEP', 'TITLE', 'LAST CHANGE (UTC)'], rows, width));
  const broken = sessions.filter((s) => s.error);
  for (const b of broken) io.stdout.write(`! ${oneLine(b.error ?? '')}\n`);
  io.stdout.write(`${sessions.length} session${sessions.length === 1 ? '' : 's'} in ${dir}. Resume one with \`debrief resume <id>\`.\n`);
  return 0;
}
