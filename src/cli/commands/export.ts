// `debrief export <id> --format md|html|csv|github|json|statuspage [-o FILE] [--force] [--tz ZONE]`
// Writes the post-mortem or the action items to stdout, or to FILE. Overwrite rule: a FILE that
// already exists is replaced only when it is an earlier debrief export of the same session in the
// same format (or already identical); anything else needs --force. Never loads React or Ink.
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EXPORT_FORMATS, isExportOf, renderExport, type ExportFormat } from '../../report/index.js';
import { safeZone } from '../../report/format.js';
import { isStoreError, openStore } from '../../store/index.js';
import { UserError, type Command, type ParsedArgs } from '../command.js';
import type { Session } from '../../domain/schema.js';

export async function loadForReport(args: ParsedArgs, io: { cwd: string }, usage: string): Promise<Session> {
  const id = args.positionals[0];
  if (!id) throw new UserError(`missing session id. Usage: ${usage}`);
  if (args.positionals.length > 1) throw new UserError(`one session id expected, got ${args.positionals.length}. Usage: ${usage}`);
  try {
    const store = openStore(args.sessionsDir, { cwd: io.cwd, releaseOnExit: false });
    const res = await store.load(id, { readOnly: true });
    if (!res.ok) throw new UserError(res.message);
    return res.session;
  } catch (err) {
    if (isStoreError(err)) throw new UserError(err.message);
    throw err;
  }
}

export function zoneOption(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (safeZone(value) !== value) throw new UserError(`--tz: unknown time zone "${value.slice(0, 40)}": use an IANA name such as Europe/Dublin or America/Chicago.`);
  return value;
}

const USAGE = 'debrief export <id> --format md|html|csv|github|json|statuspage [-o FILE] [--force] [--tz ZONE]';

export default {
  name: 'export',
  summary: 'write the post-mortem (md, html) or action items (csv, github, json, statuspage)',
  usage: `${USAGE}
  md, html     the post-mortem document (html: one self-contained page, diagrams included)
  csv          action items for Jira's CSV import
  github       a bash script of \`gh issue create\` commands, labels by horizon
  json         action items with their factor links
  statuspage   the status updates as Statuspage incident_updates JSON
  -o FILE      write to FILE (default stdout); an existing FILE is replaced only when it is an
               earlier export of the same session in the same format, otherwise pass --force
  --tz ZONE    time zone for the times shown (md, html, statuspage bodies; default: the incident's)`,
  options: {
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    force: { type: 'boolean' },
    tz: { type: 'string' },
  },
  async run(args, io) {
    const format = (args.values.format ?? 'md') as string;
    if (!(EXPORT_FORMATS as readonly string[]).includes(format))
      throw new UserError(`--format: "${format.slice(0, 20)}" is not one of ${EXPORT_FORMATS.join(', ')}.`);
    const tz = zoneOption(args.values.tz);
    const session = await loadForReport(args, io, USAGE);
    const text = renderExport(session, format as ExportFormat, Date.now(), tz ? { tz } : {});
    const out = args.values.output;
    if (typeof out !== 'string' || out === '-') {
      io.stdout.write(text);
      return 0;
    }
    const file = path.resolve(io.cwd, out);
    let existing: string | null = null;
    try {
      existing = await readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EISDIR') throw new UserError(`${out}: is a folder; give a file name.`);
      if (code !== 'ENOENT') throw new UserError(`${out}: cannot be read (${code ?? 'error'}); check the path and its permissions.`);
    }
    if (existing !== null && existing !== text && !args.values.force && !isExportOf(format as ExportFormat, existing, session.id))
      throw new UserError(`${out}: exists and is not an earlier ${format} export of "${session.id}"; pass --force to replace it, or choose another -o.`);
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    try {
      await writeFile(tmp, text, { mode: format === 'github' ? 0o755 : 0o644 });
      await rename(tmp, file);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      const code = (err as NodeJS.ErrnoException).code;
      throw new UserError(`${out}: cannot be written (${code ?? 'error'}); check the folder exists and is writable.`);
    }
    io.stderr.write(`Wrote ${format} export of "${session.id}" to ${out}.\n`);
    return 0;
  },
} satisfies Command;
