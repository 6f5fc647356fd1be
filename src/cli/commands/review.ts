// `debrief review <draft.md> [--json]`: reviews any Markdown post-mortem against the rubric
// (docs/cli-contract.md): score 0..10, per-criterion notes, findings, the three most important
// improvements. Exit 0 when reviewed, 2 when the draft cannot be read. Never loads React or Ink.
import { reviewMarkdown } from '../../analysis/review.js';
import { clip, oneLine, sanitize } from '../../domain/text.js';
import { UserError, type Command } from '../command.js';
import { cleanFindings, formatFindings, readTextInput } from './lint.js';

const USAGE = 'debrief review <draft.md|-> [--json]';

export default {
  name: 'review',
  summary: 'review any Markdown post-mortem against the rubric',
  usage: USAGE,
  options: { json: { type: 'boolean' } },
  async run(args, io) {
    if (args.positionals.length > 1) throw new UserError(`debrief review takes one draft. Usage: ${USAGE}`);
    const { name, text } = await readTextInput(args.positionals[0], io, 'review', USAGE);
    const r = reviewMarkdown(text);
    const result = {
      score: r.score,
      rubric: r.rubric.map((c) => ({ ...c, notes: sanitize(c.notes) })),
      findings: cleanFindings(r.findings),
      improvements: r.improvements.map(sanitize),
    };
    if (args.values.json) {
      io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const out: string[] = [`${name}: ${r.score.toFixed(1)} / 10`, ''];
    const width = Math.max(...result.rubric.map((c) => c.criterion.length));
    for (const c of result.rubric) out.push(`  ${c.criterion.padEnd(width)}  ${c.score.toFixed(2).padStart(4)} / ${c.max.toFixed(2)}  ${clip(oneLine(c.notes), 140)}`);
    out.push('');
    if (result.improvements.length) {
      out.push('Most important improvements:');
      result.improvements.forEach((s, i) => out.push(`  ${i + 1}. ${oneLine(s)}`));
      out.push('');
    }
    io.stdout.write(`${out.join('\n')}\n`);
    if (result.findings.length) io.stdout.write(`Findings (${result.findings.length}):\n${formatFindings(name, result.findings)}`);
    return 0;
  },
} satisfies Command;
