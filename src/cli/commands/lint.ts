// `debrief lint <file|-> [--json] [--as auto|prose|actions] [--ai offline|claude] [--consent] [--preview]`:
// blameful framing and vague action items, line by line (docs/cli-contract.md). Exit 0 when nothing is at
// error severity, 1 otherwise, 2 when the input cannot be read or Claude is asked for without a key or
// consent. With --ai claude, Claude's rewrite (checked by the same rules) replaces the rules' suggestion on
// each flagged line. Never loads React or Ink.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { hasErrors, lintText, type Finding, type LintMode } from '../../analysis/lint.js';
import { clip, oneLine, sanitize } from '../../domain/text.js';
import { loadConfig } from '../../assistant/config.js';
import { selectAssistant } from '../../assistant/index.js';
import { lintPreview, lintSession, rewriteLintFindings, type LintAiResult } from '../../assistant/lintAi.js';
import { UserError, type CliIO, type Command } from '../command.js';

const USAGE = 'debrief lint <file|-> [--json] [--as auto|prose|actions] [--ai offline|claude] [--consent] [--preview]';
const MODES: readonly LintMode[] = ['auto', 'prose', 'actions'];
const MAX_BYTES = 20 * 1024 * 1024;

/** Read a text input: a file path or `-` for stdin. Unreadable input is a one-line user error (exit 2). */
export async function readTextInput(arg: string | undefined, io: CliIO, cmd: string, usage: string): Promise<{ name: string; text: string }> {
  if (!arg) throw new UserError(`debrief ${cmd} needs a file (or - for standard input). Usage: ${usage}`);
  let buf: Buffer;
  if (arg === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of io.stdin) {
      const b = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
      size += b.length;
      if (size > MAX_BYTES) throw new UserError(`standard input: more than ${MAX_BYTES / 1024 / 1024} MB; lint a file of text instead.`);
      chunks.push(b);
    }
    buf = Buffer.concat(chunks);
  } else {
    const file = path.resolve(io.cwd, arg);
    const shown = clip(oneLine(arg), 120);
    try {
      const st = await stat(file);
      if (st.isDirectory()) throw new UserError(`${shown}: is a folder; give a Markdown or text file.`);
      if (st.size > MAX_BYTES) throw new UserError(`${shown}: ${Math.round(st.size / 1024 / 1024)} MB is too large for a draft; give a Markdown or text file.`);
      buf = await readFile(file);
    } catch (err) {
      if (err instanceof UserError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? 'cannot be read';
      throw new UserError(`${shown}: ${why}; check the path.`);
    }
  }
  const name = arg === '-' ? '<stdin>' : clip(oneLine(arg), 120);
  if (buf.subarray(0, 8192).includes(0)) throw new UserError(`${name}: not a text file (binary content); give a Markdown or text file.`);
  return { name, text: buf.toString('utf8').replace(/^\uFEFF/, '') };
}

/** Findings with every string field sanitised (they quote the input). */
export function cleanFindings(fs: readonly Finding[]): Finding[] {
  return fs.map((f) => ({
    ...f,
    span: sanitize(f.span),
    message: sanitize(f.message),
    suggestion: f.suggestion === null ? null : sanitize(f.suggestion),
    ...(f.trigger !== undefined ? { trigger: sanitize(f.trigger) } : {}),
  }));
}

/** Human-readable findings: `file:line  severity  rule  span — message` and the suggestion under it. */
export function formatFindings(name: string, fs: readonly Finding[]): string {
  const out: string[] = [];
  for (let i = 0; i < fs.length; i++) {
    const f = fs[i]!;
    out.push(`${name}:${f.line ?? 0}  ${f.severity}  ${f.rule}  "${clip(oneLine(f.span), 80)}" — ${oneLine(f.message)}`);
    // one rewrite per line when several findings share it (an action item's sharpened version)
    const next = fs[i + 1];
    if (f.suggestion && !(next && next.line === f.line && next.suggestion === f.suggestion))
      out.push(`    ${f.suggestion.trim().endsWith('?') ? 'ask' : (f as { suggestedBy?: string }).suggestedBy === 'claude' ? 'try (Claude)' : 'try'}: ${clip(oneLine(f.suggestion), 240)}`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

export default {
  name: 'lint',
  summary: 'check text for blameful framing and vague action items',
  usage: [
    USAGE,
    '  --ai claude   Claude rewrites each blameful line and sharpens each vague action item (at most 25 lines);',
    '                an answer that still fails the same rules keeps the rules\' suggestion, with a note',
    '  --consent     allow sending the flagged lines, redacted, to Claude (required: lint runs outside any session)',
    '  --preview     print exactly what would be sent to Claude (after redaction) and stop',
  ].join('\n'),
  options: { json: { type: 'boolean' }, as: { type: 'string' }, ai: { type: 'string' }, consent: { type: 'boolean' }, preview: { type: 'boolean' } },
  async run(args, io) {
    const as = (args.values.as ?? 'auto') as string;
    if (!MODES.includes(as as LintMode)) throw new UserError(`--as: "${clip(oneLine(as), 20)}" is not one of ${MODES.join(', ')}.`);
    const rawAi = args.values.ai;
    if (rawAi !== undefined && rawAi !== 'offline' && rawAi !== 'claude') throw new UserError(`--ai must be offline or claude (got "${clip(oneLine(String(rawAi)), 20)}").`);
    if (args.positionals.length > 1) throw new UserError(`debrief lint takes one file (or -). Usage: ${USAGE}`);
    const { name, text } = await readTextInput(args.positionals[0], io, 'lint', USAGE);
    let findings: Finding[] = cleanFindings(lintText(text, { as: as as LintMode }));
    const now = new Date().toISOString();

    if (args.values.preview) {
      const preview = lintPreview(lintSession(text, now), text, findings);
      if (args.values.json) io.stdout.write(`${JSON.stringify(preview, null, 2)}\n`);
      else if (preview.requests.length === 0) io.stdout.write(`${name}: no line would be sent (no blame finding with a rewrite).\n`);
      else io.stdout.write(`--- system ---\n${preview.system}\n${preview.requests.map((r) => `\n--- user (line ${r.line}${r.kind === 'action' ? ', action item' : ''}) ---\n${r.user}\n`).join('')}`);
      return 0;
    }

    let ai: LintAiResult | null = null;
    if (rawAi === 'claude') {
      const config = loadConfig(io.env);
      for (const w of config.warnings) io.stderr.write(`warning: ${oneLine(w)}\n`);
      if (!config.apiKey) throw new UserError('--ai claude needs ANTHROPIC_API_KEY (or "apiKey" in the debrief config file).');
      const shown = args.positionals[0] ?? '-';
      if (args.values.consent !== true)
        throw new UserError(`--ai claude needs consent to send the flagged lines (redacted) to Claude: add --consent; see exactly what would be sent with \`debrief lint ${clip(oneLine(shown), 60)} --preview\`.`);
      const session = lintSession(text, now);
      const { assistant } = selectAssistant(session, { ai: 'claude', consent: true, config });
      ai = await rewriteLintFindings(text, findings, assistant, session);
      findings = cleanFindings(ai.findings);
    }
    if (args.values.json) {
      io.stdout.write(`${JSON.stringify(ai ? { findings, ai: { provider: ai.provider, rewritten: ai.rewritten, notes: ai.notes } } : { findings }, null, 2)}\n`);
    } else {
      io.stdout.write(formatFindings(name, findings));
      if (ai) {
        io.stdout.write(`rewrites: ${ai.rewritten ? `Claude for ${ai.rewritten} line${ai.rewritten === 1 ? '' : 's'}` : 'offline rules only'}\n`);
        for (const n of ai.notes) io.stdout.write(`note: ${oneLine(n)}\n`);
      }
      const errors = findings.filter((f) => f.severity === 'error').length;
      const lines = new Set(findings.map((f) => f.line)).size;
      io.stdout.write(
        findings.length === 0
          ? `${name}: no blameful framing or vague action items found.\n`
          : `${findings.length} finding${findings.length === 1 ? '' : 's'} on ${lines} line${lines === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}).\n`,
      );
    }
    return hasErrors(findings) ? 1 : 0;
  },
} satisfies Command;
