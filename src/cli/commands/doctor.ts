// `debrief doctor [id] [--restore] [--json]`: checks session files (valid, lock, backups) and offers to
// restore a broken one from its newest valid backup. Without a TTY it only says what it would do.
import { createInterface } from 'node:readline';
import { clip, oneLine } from '../../domain/text.js';
import { shownDir, when } from '../../store/format.js';
import { idProblem, isStoreError, openStore, parseSessionText, type BackupInfo, type LockState, type SessionStore } from '../../store/index.js';
import { UserError, type CliIO, type Command, type ParsedArgs } from '../command.js';

type Status = 'ok' | 'invalid' | 'newer' | 'unreadable' | 'missing';
type Action = 'none' | 'restored' | 'would-restore' | 'declined' | 'no-backup' | 'refused' | 'upgrade';

interface Report {
  id: string;
  path: string;
  status: Status;
  message?: string;
  lock: LockState;
  backups: { count: number; newest?: { name: string; takenAt: string }; newestValid?: { name: string; takenAt: string } };
  action: Action;
  restoredFrom?: string;
  keptAs?: string;
  note?: string;
}

async function newestValid(store: SessionStore, id: string, list: BackupInfo[]): Promise<BackupInfo | undefined> {
  const { readFile } = await import('node:fs/promises');
  for (const b of list) {
    if (b.kind === 'before-restore') continue; // what a restore replaced: not a restore candidate
    const text = await readFile(b.path, 'utf8').catch(() => null);
    if (text !== null && parseSessionText(text, b.name, id).ok) return b;
  }
  return undefined;
}

function ask(io: CliIO, question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: io.stdin, output: io.stdout as NodeJS.WritableStream, terminal: false });
    io.stdout.write(question);
    rl.once('line', (answer) => {
      resolve(/^\s*y(es)?\s*$/i.test(answer)); // before close(), which fires 'close' synchronously
      rl.close();
    });
    rl.once('close', () => resolve(false));
  });
}

function lockText(l: LockState): string {
  const h = l.holder;
  switch (l.state) {
    case 'none':
      return 'not open';
    case 'held':
      return `open in process ${h?.pid} since ${h?.startedAt}${h?.command ? ` (${clip(oneLine(h.command), 40)})` : ''}`;
    case 'stale':
      return `stale lock from process ${h?.pid} (no longer running; taken over on next open)`;
    case 'foreign-host':
      return `locked by process ${h?.pid} on host ${clip(oneLine(h?.host ?? ''), 40)} since ${h?.startedAt}`;
    default:
      return 'unreadable lock file (taken over on next open)';
  }
}

export default {
  name: 'doctor',
  summary: 'check session files, locks and backups; restore a broken session from its newest valid backup',
  usage: 'debrief doctor [id] [--restore] [--json] [--sessions-dir DIR]',
  options: { json: { type: 'boolean' }, restore: { type: 'boolean' } },
  run,
} satisfies Command;

async function run(args: ParsedArgs, io: CliIO): Promise<number> {
  const store = openStore(args.sessionsDir, { cwd: io.cwd, releaseOnExit: false, command: 'debrief doctor' });
  const only = args.positionals[0];
  if (args.positionals.length > 1) throw new UserError('debrief doctor takes at most one session id. Usage: debrief doctor [id] [--restore] [--json]');
  if (only !== undefined) {
    const problem = idProblem(only);
    if (problem) throw new UserError(problem);
  }
  const ids = only !== undefined ? [only] : (await store.list()).map((s) => s.id).sort();
  const json = Boolean(args.values.json);
  const interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY) && !json;
  const reports: Report[] = [];
  for (const id of ids) {
    const loaded = await store.load(id, { readOnly: true });
    const status: Status = loaded.ok ? 'ok' : loaded.code === 'bad-id' ? 'invalid' : loaded.code;
    const list = await store.backups(id);
    const valid = loaded.ok ? undefined : await newestValid(store, id, list);
    const r: Report = {
      id,
      path: store.path(id),
      status,
      ...(loaded.ok ? {} : { message: loaded.message }),
      lock: await store.lockState(id),
      backups: {
        count: list.length,
        ...(list[0] ? { newest: { name: list[0].name, takenAt: list[0].takenAt } } : {}),
        ...(valid ? { newestValid: { name: valid.name, takenAt: valid.takenAt } } : {}),
      },
      action: 'none',
    };
    if (status === 'newer') r.action = 'upgrade';
    else if (status !== 'ok') {
      if (status === 'missing' && list.length === 0) {
        throw new UserError(`No session "${id}" in ${shownDir(store.dir, io.cwd)} and no backups of it: \`debrief list\` shows the sessions there.`);
      }
      if (!valid) r.action = 'no-backup';
      else {
        let go = Boolean(args.values.restore);
        if (!go && interactive) {
          go = await ask(io, `${id}: restore from backup ${valid.name} (taken ${when(valid.takenAt)} UTC)? The current file is kept aside. [y/N] `);
          if (!go) r.action = 'declined';
        }
        if (go) {
          try {
            const rep = await store.restore(id, valid);
            r.action = 'restored';
            r.restoredFrom = rep.restoredFrom;
            if (rep.keptAs) r.keptAs = rep.keptAs;
            r.status = 'ok';
          } catch (err) {
            if (!isStoreError(err)) throw err;
            r.action = 'refused';
            r.note = err.message;
          }
        } else if (r.action !== 'declined') r.action = 'would-restore';
      }
    }
    reports.push(r);
  }
  const healthy = reports.every((r) => r.status === 'ok');
  if (json) {
    io.stdout.write(`${JSON.stringify({ dir: store.dir, healthy, sessions: reports }, null, 2)}\n`);
    return healthy ? 0 : 1;
  }
  const dir = shownDir(store.dir, io.cwd);
  if (reports.length === 0) {
    io.stdout.write(`No sessions in ${dir}: nothing to check.\n`);
    return 0;
  }
  const out: string[] = [];
  for (const r of reports) {
    out.push(`${r.id}: ${r.status === 'ok' ? 'ok' : r.status.toUpperCase()}`);
    if (r.message) out.push(`  ${oneLine(r.message)}`);
    out.push(`  lock: ${lockText(r.lock)}`);
    const b = r.backups;
    out.push(
      `  backups: ${b.count}${b.newest ? `, newest ${when(b.newest.takenAt)} UTC` : ''}${
        b.newestValid && b.newestValid.name !== b.newest?.name ? `, newest valid ${when(b.newestValid.takenAt)} UTC` : ''
      }`,
    );
    switch (r.action) {
      case 'restored':
        out.push(`  restored from ${r.restoredFrom}${r.keptAs ? `; the file it replaced was kept as ${r.keptAs}` : ''}`);
        break;
      case 'would-restore':
        out.push(`  would restore from backup ${b.newestValid?.name} (taken ${when(b.newestValid?.takenAt ?? '')} UTC): run \`debrief doctor ${r.id} --restore\``);
        break;
      case 'declined':
        out.push('  left as it is');
        break;
      case 'no-backup':
        out.push('  no valid backup to restore from: fix the file by hand (the message above says where)');
        break;
      case 'refused':
        out.push(`  not restored: ${oneLine(r.note ?? '')}`);
        break;
      case 'upgrade':
        out.push('  kept as it is: open it with a newer debrief');
        break;
      default:
        break;
    }
  }
  const bad = reports.filter((r) => r.status !== 'ok').length;
  out.push(
    bad === 0
      ? `${reports.length} session${reports.length === 1 ? '' : 's'} checked in ${dir}: all healthy.`
      : `${reports.length} session${reports.length === 1 ? '' : 's'} checked in ${dir}: ${bad} need${bad === 1 ? 's' : ''} attention.`,
  );
  io.stdout.write(`${out.join('\n')}\n`);
  return healthy ? 0 : 1;
}
