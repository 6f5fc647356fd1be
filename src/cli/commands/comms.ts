// `debrief comms <id> [--kind status|email|exec] [--phase P] [--tier T] [--tz ZONE] [--json]`
// Prints the communications drafts (edited drafts win). Without --kind: all of them; without --phase,
// the four status updates in order; without --tier, every tier. Never loads React or Ink.
import { commsText, draftComms, PHASES, TIERS, type CommsDraft, type CommsKind, type Phase, type Tier } from '../../report/comms.js';
import { UserError, type Command } from '../command.js';
import { loadForReport, zoneOption } from './export.js';

const KINDS = ['status', 'email', 'exec'] as const;
const USAGE = 'debrief comms <id> [--kind status|email|exec] [--phase investigating|identified|monitoring|resolved] [--tier enterprise|api|free] [--tz ZONE] [--json]';

function pick<T extends string>(name: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new UserError(`--${name}: "${String(value).slice(0, 20)}" is not one of ${allowed.join(', ')}.`);
  return value as T;
}

export default {
  name: 'comms',
  summary: 'print status-page updates, customer emails or the executive summary',
  usage: USAGE,
  options: {
    kind: { type: 'string', short: 'k' },
    phase: { type: 'string' },
    tier: { type: 'string' },
    tz: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const kind = pick<CommsKind>('kind', args.values.kind, KINDS);
    const phase = pick<Phase>('phase', args.values.phase, PHASES);
    const tier = pick<Tier>('tier', args.values.tier, TIERS);
    if (phase && kind && kind !== 'status') throw new UserError('--phase applies to --kind status only.');
    if (tier && kind && kind !== 'email') throw new UserError('--tier applies to --kind email only.');
    const tz = zoneOption(args.values.tz);
    const session = await loadForReport(args, io, USAGE);
    const kinds: CommsKind[] = kind ? [kind] : phase ? ['status'] : tier ? ['email'] : [...KINDS];
    const drafts: CommsDraft[] = kinds.flatMap((k) =>
      draftComms(session, { kind: k, ...(phase ? { phase } : {}), ...(tier ? { tier } : {}), ...(tz ? { tz } : {}) }),
    );
    if (args.values.json) io.stdout.write(`${JSON.stringify({ drafts }, null, 2)}\n`);
    else io.stdout.write(commsText(drafts));
    return 0;
  },
} satisfies Command;
