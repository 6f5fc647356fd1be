// `debrief comms <id> [--kind status|email|exec] [--phase P] [--tier T] [--tz ZONE] [--json] [--ai offline|claude] [--consent] [--preview]`
// Prints the communications drafts (edited drafts win). Without --kind: all of them; without --phase,
// the four status updates in order; without --tier, every tier. With --ai claude (consent recorded in the
// session or --consent), Claude drafts from the confirmed fact sheet; each draft that fails the comms
// checks keeps its offline version, and the output says which provider wrote each. Never loads React or Ink.
import { commsText, draftComms, PHASES, TIERS, type CommsDraft, type CommsKind, type Phase, type Tier } from '../../report/comms.js';
import { loadConfig } from '../../assistant/config.js';
import { draftCommsWithModel, commsAsk, type ModelCommsDraft } from '../../assistant/comms.js';
import { hasConsent, selectAssistant } from '../../assistant/index.js';
import { buildStructuredRequest } from '../../assistant/request.js';
import { clip, oneLine } from '../../domain/text.js';
import { UserError, type Command } from '../command.js';
import { loadForReport, zoneOption } from './export.js';

const KINDS = ['status', 'email', 'exec'] as const;
const USAGE =
  'debrief comms <id> [--kind status|email|exec] [--phase investigating|identified|monitoring|resolved] [--tier enterprise|api|free] [--tz ZONE] [--json] [--ai offline|claude] [--consent] [--preview]';

function pick<T extends string>(name: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new UserError(`--${name}: "${String(value).slice(0, 20)}" is not one of ${allowed.join(', ')}.`);
  return value as T;
}

export default {
  name: 'comms',
  summary: 'print status-page updates, customer emails or the executive summary',
  usage: [
    USAGE,
    '  --ai claude   Claude drafts from the confirmed fact sheet; a draft that fails the checks keeps the offline one',
    '  --consent     allow sending the redacted fact sheet to Claude for this run (or grant consent in the console)',
    '  --preview     print exactly what would be sent to Claude (after redaction) and stop',
  ].join('\n'),
  options: {
    ai: { type: 'string' },
    consent: { type: 'boolean' },
    preview: { type: 'boolean' },
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
    const rawAi = args.values.ai;
    if (rawAi !== undefined && rawAi !== 'offline' && rawAi !== 'claude') throw new UserError(`--ai must be offline or claude (got "${clip(oneLine(String(rawAi)), 20)}").`);
    const tz = zoneOption(args.values.tz);
    const session = await loadForReport(args, io, USAGE);
    const kinds: CommsKind[] = kind ? [kind] : phase ? ['status'] : tier ? ['email'] : [...KINDS];
    const requests = kinds.map((k) => ({ kind: k, ...(phase ? { phase } : {}), ...(tier ? { tier } : {}), ...(tz ? { tz } : {}) }));

    if (args.values.preview) {
      const parts = requests.flatMap((r) => {
        const built = commsAsk(session, r);
        if (!built) return [];
        const req = buildStructuredRequest(session, built.ask);
        return [{ kind: r.kind, system: req.system, user: req.user }];
      });
      if (args.values.json) io.stdout.write(`${JSON.stringify({ requests: parts }, null, 2)}\n`);
      else if (parts.length === 0) io.stdout.write('Nothing would be sent: every draft asked for is edited by the room.\n');
      else io.stdout.write(`--- system ---\n${parts[0]!.system}\n${parts.map((p) => `\n--- user (${p.kind}) ---\n${p.user}\n`).join('')}`);
      return 0;
    }

    if (rawAi !== 'claude') {
      const drafts: CommsDraft[] = requests.flatMap((r) => draftComms(session, r));
      if (args.values.json) io.stdout.write(`${JSON.stringify({ drafts }, null, 2)}\n`);
      else io.stdout.write(commsText(drafts));
      return 0;
    }

    const config = loadConfig(io.env);
    for (const w of config.warnings) io.stderr.write(`warning: ${oneLine(w)}\n`);
    if (!config.apiKey) throw new UserError('--ai claude needs ANTHROPIC_API_KEY (or "apiKey" in the debrief config file).');
    const consent = args.values.consent === true;
    if (!consent && !hasConsent(session, 'claude'))
      throw new UserError(
        `--ai claude needs consent to send the redacted fact sheet: add --consent, or grant it in the console. See what would be sent with \`debrief comms ${session.id} --preview\`.`,
      );
    // drafting several emails takes longer than a live question: at least a minute per attempt
    const { assistant } = selectAssistant(session, { ai: 'claude', consent, config, claude: { timeoutMs: Math.max(config.timeoutMs, 60_000) } });
    const results = await Promise.all(requests.map((r) => draftCommsWithModel(session, r, { assistant })));
    const drafts: ModelCommsDraft[] = results.flatMap((r) => r.drafts);
    const notes = results.flatMap((r) => r.notes);
    const provider = drafts.some((d) => d.provider === 'claude') ? 'claude' : 'offline';
    if (args.values.json) {
      io.stdout.write(`${JSON.stringify({ drafts, provider, notes }, null, 2)}\n`);
      return 0;
    }
    io.stdout.write(commsText(drafts));
    const byClaude = drafts.filter((d) => d.provider === 'claude').map((d) => d.key);
    const offline = drafts.filter((d) => d.provider !== 'claude').map((d) => `${d.key}${d.edited ? ' (edited by the room)' : ''}`);
    io.stdout.write(`\nDrafted by Claude: ${byClaude.length ? byClaude.join(', ') : 'none'}. Offline: ${offline.length ? offline.join(', ') : 'none'}.\n`);
    for (const n of notes) io.stdout.write(`note: ${oneLine(n)}\n`);
    return 0;
  },
} satisfies Command;
