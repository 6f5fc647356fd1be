// `debrief suggest <id> [--node ID] [--json] [--ai offline|claude] [--consent] [--preview]`:
// the assistant's next questions for one why-tree node, for scripting. Offline by default; Claude when
// configured (or --ai claude), which needs consent recorded in the session or --consent for this run.
import { treeWarnings } from '../../analysis/questions.js';
import { loadConfig } from '../../assistant/config.js';
import { hasConsent, selectAssistant } from '../../assistant/index.js';
import { buildRequestPreview } from '../../assistant/request.js';
import type { AiMode } from '../../assistant/config.js';
import { clip, oneLine } from '../../domain/text.js';
import { openStore } from '../../store/index.js';
import { UserError, type Command } from '../command.js';

export default {
  name: 'suggest',
  summary: "print the assistant's next questions for a why-tree node",
  usage: [
    'debrief suggest <id> [--node ID] [--json] [--ai offline|claude] [--consent] [--preview]',
    '  --node ID     the why-tree node to ask about (default: the problem statement, "root")',
    '  --ai          offline (default without a key) or claude (needs ANTHROPIC_API_KEY)',
    '  --consent     allow sending the redacted incident data to Claude for this run',
    '  --preview     print exactly what would be sent to Claude (after redaction) and stop',
  ].join('\n'),
  options: {
    node: { type: 'string' },
    json: { type: 'boolean' },
    ai: { type: 'string' },
    consent: { type: 'boolean' },
    preview: { type: 'boolean' },
  },
  async run(args, io) {
    const id = args.positionals[0];
    if (!id) throw new UserError('debrief suggest needs a session id, e.g. `debrief suggest checkout-5xx` (see `debrief list`).');
    const rawAi = args.values.ai;
    if (rawAi !== undefined && rawAi !== 'offline' && rawAi !== 'claude') {
      throw new UserError(`--ai must be offline or claude (got "${clip(oneLine(String(rawAi)), 20)}").`);
    }
    const store = openStore(args.sessionsDir, { cwd: io.cwd, releaseOnExit: false });
    const loaded = await store.load(id, { readOnly: true });
    if (!loaded.ok) throw new UserError(oneLine(loaded.message));
    const session = loaded.session;

    const nodeId = typeof args.values.node === 'string' ? args.values.node : session.whys.rootId;
    const node = session.whys.nodes[nodeId];
    if (!node) {
      const ids = Object.keys(session.whys.nodes);
      throw new UserError(
        `No why-tree node "${clip(oneLine(nodeId), 40)}" in ${id}; nodes: ${ids.slice(0, 12).join(', ')}${ids.length > 12 ? ` (+${ids.length - 12})` : ''}.`,
      );
    }

    if (args.values.preview) {
      const preview = buildRequestPreview(session, nodeId);
      if (args.values.json) io.stdout.write(`${JSON.stringify(preview, null, 2)}\n`);
      else io.stdout.write(preview.text);
      return 0;
    }

    const config = loadConfig(io.env);
    for (const w of config.warnings) io.stderr.write(`warning: ${oneLine(w)}\n`);
    const ai = (rawAi as AiMode | undefined) ?? config.ai;
    const consent = args.values.consent === true;
    if (rawAi === 'claude') {
      if (!config.apiKey) throw new UserError('--ai claude needs ANTHROPIC_API_KEY (or "apiKey" in the debrief config file).');
      if (!consent && !hasConsent(session, 'claude')) {
        throw new UserError(
          `--ai claude needs consent to send the redacted incident data: add --consent, or grant it in the console. See what would be sent with \`debrief suggest ${id} --node ${nodeId} --preview\`.`,
        );
      }
    }
    const selection = selectAssistant(session, { ai, consent, config });
    const result = await selection.assistant.proposeQuestions(session, nodeId);
    const note = result.note ?? selection.note ?? null;
    const warnings = treeWarnings(session).filter((w) => w.nodeId === null || w.nodeId === nodeId);

    if (args.values.json) {
      io.stdout.write(`${JSON.stringify({ provider: result.provider, note, node: nodeId, proposals: result.proposals, warnings }, null, 2)}\n`);
      return 0;
    }
    const out: string[] = [];
    out.push(`Next questions for ${nodeId}: "${clip(oneLine(node.question), 80)}" (${result.provider === 'claude' ? 'Claude' : 'offline rules'})`);
    result.proposals.forEach((p, i) => {
      out.push(`  ${i + 1}. [${p.category}, ${p.mode}] ${oneLine(p.question)}`);
      const meta = [p.rule ? `rule ${p.rule}` : null, p.evidence.length ? `evidence ${p.evidence.join(', ')}` : null].filter(Boolean).join(' · ');
      if (meta) out.push(`     ${meta}`);
      if (p.rationale) out.push(`     ${clip(oneLine(p.rationale), 160)}`);
    });
    if (result.proposals.length === 0) out.push('  (no proposal)');
    if (note) out.push(`note: ${oneLine(note)}`);
    for (const w of warnings) out.push(`! ${oneLine(w.message)}${w.reframe ? ` Try: ${oneLine(w.reframe)}` : ''}`);
    io.stdout.write(`${out.join('\n')}\n`);
    return 0;
  },
} satisfies Command;
