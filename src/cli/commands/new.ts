// debrief new <inputs...>: a new session from the exports the team has; the console opens at the Timeline step.
import { oneLine } from '../../domain/text.js';
import { basename } from 'node:path';
import type { Command } from '../command.js';
import { UserError } from '../command.js';
import { SEVERITIES, type Severity } from '../../domain/schema.js';
import { createSession, slugify } from '../../domain/session.js';
import { reduce } from '../../domain/reducer.js';
import { openStore } from '../../store/index.js';
import { reconstruct } from '../../ingest/index.js';
import { importActions } from '../../ingest/session.js';
import { aiFlag, openConsole } from '../console.js';

function isZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export default {
  name: 'new',
  summary: 'Start a session from exports (Slack, Teams, Discord, PagerDuty, Opsgenie, deploys, metrics) and open the console at the Timeline step.',
  usage: 'debrief new [inputs...] [--title TEXT] [--severity SEV1|SEV2|SEV3|SEV4] [--tz ZONE] [--id ID] [--no-open] [--ai offline|claude]',
  options: {
    title: { type: 'string' },
    severity: { type: 'string' },
    tz: { type: 'string' },
    id: { type: 'string' },
    'no-open': { type: 'boolean' },
    ai: { type: 'string' },
  },
  interactive: true,
  async run(args, io) {
    const ai = aiFlag(args.values.ai, 'new');
    const severity = ((args.values.severity as string | undefined)?.toUpperCase() ?? 'SEV2') as Severity;
    if (!SEVERITIES.includes(severity)) throw new UserError(`--severity must be one of ${SEVERITIES.join(', ')}`);
    const tz = (args.values.tz as string | undefined) ?? null;
    if (tz && !isZone(tz)) throw new UserError(`--tz "${tz.slice(0, 40)}" is not an IANA time zone (e.g. Europe/Dublin, America/Chicago, UTC)`);
    const store = openStore(args.sessionsDir, { command: 'debrief new' });
    const now = new Date().toISOString();

    const result = args.positionals.length ? await reconstruct(args.positionals, { tz, cwd: io.cwd }) : null;
    for (const w of result?.warnings ?? []) io.stderr.write(`warning: ${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}\n`);
    if (result && !result.readAny) throw new UserError('none of the inputs could be read (see the warnings above); nothing was created');

    const title = (args.values.title as string | undefined) ?? (result ? `Incident from ${args.positionals.map((p) => basename(p)).join(', ')}`.slice(0, 80) : 'Untitled incident');
    const requested = args.values.id as string | undefined;
    if (requested !== undefined && slugify(requested) !== requested)
      throw new UserError(`--id "${oneLine(requested).slice(0, 60)}" is not a session id: use lower-case letters, digits and dashes${slugify(requested) ? `, e.g. --id ${slugify(requested)}` : ''}.`);
    const id = requested ? requested : await store.uniqueId(slugify(title));
    if (requested && (await store.exists(id))) throw new UserError(`a session "${id}" already exists; choose another --id or \`debrief resume ${id}\``);
    let session = createSession({ id, now, incident: { title, severity, timezone: tz ?? 'UTC' }, step: result ? 'timeline' : 'intake' });
    if (result) for (const a of importActions(session, result, now)) session = reduce(session, a);
    await store.create(session);
    io.stderr.write(`Created ${id} in ${store.dir}${result ? ` with ${session.timeline.events.length} events from ${result.sources.filter((s) => s.read).length} input(s)` : ''}.\n`);
    if (args.values['no-open']) {
      io.stdout.write(`${id}\n`);
      return 0;
    }
    return openConsole(store, session, { io, ...(ai ? { ai } : {}) });
  },
} satisfies Command;
