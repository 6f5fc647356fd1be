// `debrief search <words...> [--json] [--limit N]`: earlier incidents with similar titles, services,
// factors or action items, and the action items they still have open.
import { clip, oneLine } from '../../domain/text.js';
import { when } from '../../store/format.js';
import { openStore, searchSessions } from '../../store/index.js';
import { UserError, type CliIO, type Command, type ParsedArgs } from '../command.js';

export default {
  name: 'search',
  summary: 'search past incidents (titles, services, factors, action items) in the sessions folder',
  usage: 'debrief search <words...> [--json] [--limit N] [--sessions-dir DIR]',
  options: { json: { type: 'boolean' }, limit: { type: 'string' } },
  run,
} satisfies Command;

async function run(args: ParsedArgs, io: CliIO): Promise<number> {
  const query = args.positionals.join(' ').trim();
  if (!query) throw new UserError('debrief search needs words to look for, e.g. `debrief search connection pool checkout`.');
  const rawLimit = args.values.limit;
  const limit = rawLimit === undefined ? 10 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1) throw new UserError(`--limit must be a whole number of at least 1 (got "${clip(oneLine(String(rawLimit)), 20)}").`);
  const store = openStore(args.sessionsDir, { cwd: io.cwd, releaseOnExit: false });
  const res = await searchSessions(store, query, { limit });
  if (args.values.json) {
    io.stdout.write(`${JSON.stringify(res, null, 2)}\n`);
    return 0;
  }
  if (res.results.length === 0) {
    io.stdout.write(`No past incident matches "${clip(res.query, 60)}" (${res.searched} session${res.searched === 1 ? '' : 's'} searched).\n`);
    return 0;
  }
  const out: string[] = [];
  for (const hit of res.results) {
    out.push(`${hit.id}  ${hit.severity ?? ''}  ${clip(oneLine(hit.title), 70)}  (last change ${when(hit.updatedAt)})`);
    const byField = new Map<string, string[]>();
    for (const m of hit.matches) byField.set(m.field, [...(byField.get(m.field) ?? []), clip(oneLine(m.value), 60)]);
    for (const [field, values] of byField) out.push(`  matched ${field}: ${values.slice(0, 3).join('; ')}${values.length > 3 ? ` (+${values.length - 3})` : ''}`);
    if (hit.openActions.length > 0) {
      out.push(`  still open (${hit.openActions.length}):`);
      for (const a of hit.openActions.slice(0, 5)) {
        const who = oneLine(a.owner ?? a.ownerRole) || 'no owner';
        out.push(`    - ${clip(oneLine(a.title), 70)} (${who}${a.due ? `, due ${a.due}` : ''})`);
      }
      if (hit.openActions.length > 5) out.push(`    … and ${hit.openActions.length - 5} more`);
    }
  }
  out.push(`${res.results.length} of ${res.searched} session${res.searched === 1 ? '' : 's'} matched "${clip(res.query, 60)}".`);
  io.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
