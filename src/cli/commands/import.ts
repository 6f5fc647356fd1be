// `debrief import <id> <inputs...> [--tz ZONE]`: add sources to a saved session, non-interactively.
// Importing the same content twice changes nothing (sources are recognised by content hash, events by
// their stable ids). Events the room already edited or confirmed keep their wording.
import { reduce } from '../../domain/reducer.js';
import { oneLine } from '../../domain/text.js';
import { choosePrecision, reconstruct } from '../../ingest/index.js';
import { mergeIntoTimeline } from '../../ingest/merge.js';
import { importActions } from '../../ingest/session.js';
import { proposeMoments } from '../../ingest/moments.js';
import { isValidZone } from '../../ingest/time.js';
import { isStoreError, openStore } from '../../store/index.js';
import { UserError, type Command } from '../command.js';
import { formatWarning } from './timeline.js';

export default {
  name: 'import',
  summary: 'add exports to a saved session (non-interactive)',
  usage:
    'debrief import <id> <inputs...> [--tz ZONE]\n' +
    '  inputs: files, folders or .zip exports; formats are detected from content.\n' +
    "  --tz ZONE  IANA zone for times written without one (default: the session's zone)",
  options: { tz: { type: 'string' } },
  async run(args, io) {
    const [id, ...inputs] = args.positionals;
    if (!id || !inputs.length) throw new UserError('import needs a session id and at least one input. Usage: debrief import <id> <inputs...> [--tz ZONE]');
    const tzArg = typeof args.values.tz === 'string' && args.values.tz ? args.values.tz : null;
    if (tzArg && !isValidZone(tzArg)) throw new UserError(`--tz ${oneLine(tzArg).slice(0, 40)}: not an IANA time zone (e.g. Europe/Dublin, America/Chicago, UTC)`);

    const store = openStore(args.sessionsDir, { command: `debrief import ${id}`, cwd: io.cwd, releaseOnExit: true });
    const lock = await store.lock(id).catch((err: unknown) => {
      throw new UserError(isStoreError(err) ? err.message : `cannot lock session "${oneLine(id).slice(0, 64)}"`);
    });
    if (!lock.ok) {
      throw new UserError(
        `session "${id}" is open in another debrief (pid ${lock.holder.pid} on ${oneLine(lock.holder.host)}); close it there, then import again`,
      );
    }
    try {
      const loaded = await store.load(id);
      if (!loaded.ok) throw new UserError(loaded.message);
      let session = loaded.session;
      const tz = tzArg ?? session.incident.timezone ?? null;
      const result = await reconstruct(inputs, { tz, cwd: io.cwd });
      for (const w of result.warnings) io.stderr.write(`${formatWarning(w)}\n`);
      if (!result.readAny) {
        io.stderr.write(`debrief import: nothing could be read from the inputs (see the warnings above); ${id} is unchanged\n`);
        return 2;
      }
      const known = new Set(session.sources.map((s) => s.hash));
      const fresh = result.sources.filter((s) => s.read && s.hash && !known.has(s.hash));
      const repeated = result.sources.filter((s) => s.read && s.hash && known.has(s.hash));
      if (!fresh.length) {
        io.stdout.write(`Nothing new: ${repeated.map((s) => oneLine(s.path)).join(', ')} ${repeated.length === 1 ? 'was' : 'were'} already imported into ${id}.\n`);
        return 0;
      }
      const merged = mergeIntoTimeline(session.timeline.events, result.events);
      const seriesIds = new Set(session.timeline.series.map((s) => s.id));
      const newSeries = result.series.filter((s) => !seriesIds.has(s.id));
      const allSeries = [...session.timeline.series, ...newSeries];
      const moments = proposeMoments(merged.events, allSeries);
      const precision = choosePrecision(merged.events, moments);
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, (m) => (m === '.000Z' ? 'Z' : m));
      const actions = importActions(session, result, now, { events: merged.events, series: newSeries, moments, precision });
      for (const a of actions) session = reduce(session, a);
      session = { ...session, updatedAt: now };
      // the session as it was is kept first (a labelled backup, never pruned), so an import can be taken back
      let kept: string | null = null;
      try {
        kept = await store.keep(id, 'before-import');
      } catch (err) {
        throw new UserError(`${isStoreError(err) ? err.message : String(err)}; nothing was imported (the session is unchanged).`);
      }
      try {
        const report = await store.save(session);
        for (const w of report.warnings) io.stderr.write(`warning: ${oneLine(w)}\n`);
      } catch (err) {
        throw new UserError(isStoreError(err) ? err.message : `could not save ${id}: ${err instanceof Error ? err.message : String(err)}`);
      }
      const skipped = repeated.length ? ` (${repeated.length} input${repeated.length === 1 ? '' : 's'} already imported, skipped)` : '';
      io.stdout.write(
        `Imported ${fresh.length} source${fresh.length === 1 ? '' : 's'} into ${id}: ${merged.added} new event${merged.added === 1 ? '' : 's'}, ` +
          `${merged.joined} joined existing events, ${merged.skipped} already present${skipped}. The timeline has ${session.timeline.events.length} events.\n` +
          `The session as it was before this import is kept in ${kept}.\n`,
      );
      return 0;
    } finally {
      await lock.release().catch(() => undefined);
    }
  },
} satisfies Command;
