// debrief's entry point: parse arguments, pick the command, run it. Commands are imported lazily,
// so scriptable commands (timeline, lint, export, ...) never load React or Ink.
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliIO, Command, OptionSpec } from './command.js';
import { UserError } from './command.js';
import { resolveSessionsDir } from '../store/paths.js';
import { isStoreError } from '../store/errors.js';

/** commands that never open the sessions folder */
const NO_STORE = new Set(['timeline', 'lint', 'review']);

function existingNonFolder(dir: string): boolean {
  try {
    return !statSync(dir).isDirectory();
  } catch {
    return false; // missing: created on the first save
  }
}

/** name -> module loader; the order is the order of `debrief --help`. */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<{ default: Command }> }> = {
  demo: { summary: 'open a copy of the bundled demo incident in the meeting console', load: () => import('./commands/demo.js') },
  new: { summary: 'start a session from exports (Slack, PagerDuty, ...) and open the console', load: () => import('./commands/new.js') },
  resume: { summary: 'reopen a saved session at the step where it stopped', load: () => import('./commands/resume.js') },
  list: { summary: 'list saved sessions', load: () => import('./commands/list.js') },
  import: { summary: 'add exports to a saved session (non-interactive)', load: () => import('./commands/import.js') },
  timeline: { summary: 'rebuild a cited timeline from exports and print it (no session)', load: () => import('./commands/timeline.js') },
  suggest: { summary: 'print the assistant\'s next questions for a why-tree node', load: () => import('./commands/suggest.js') },
  lint: { summary: 'check text for blameful framing and vague action items', load: () => import('./commands/lint.js') },
  review: { summary: 'review any Markdown post-mortem against the rubric', load: () => import('./commands/review.js') },
  comms: { summary: 'print status-page updates, customer emails or the executive summary', load: () => import('./commands/comms.js') },
  export: { summary: 'write the post-mortem (md, html) or action items (csv, github, json, statuspage)', load: () => import('./commands/export.js') },
  search: { summary: 'search past incidents in the sessions folder', load: () => import('./commands/search.js') },
  doctor: { summary: 'check session files and restore from backups', load: () => import('./commands/doctor.js') },
};

const GLOBAL_OPTIONS: OptionSpec = {
  'sessions-dir': { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const NON_INTERACTIVE = 'list, import, timeline, suggest, lint, review, comms, export, search, doctor';

export function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function helpText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = [
    `debrief ${version()}: run a blameless incident post-mortem meeting in the terminal and write the post-mortem.`,
    '',
    'Usage: debrief <command> [options]      debrief <command> --help',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    '  --sessions-dir DIR  where sessions live (env DEBRIEF_SESSIONS_DIR; default ./sessions)',
    '  --debug             show stack traces for unexpected errors',
    '  -h, --help          help;  -v, --version  the version',
    '',
    'Start with `debrief demo` to see a whole meeting on a bundled incident.',
  ];
  return `${lines.join('\n')}\n`;
}

function commandHelp(cmd: Command): string {
  return `${cmd.usage.trimEnd()}\n\n${cmd.summary}\n\nGlobal options: --sessions-dir DIR, --debug, --help\n`;
}

function isInteractiveTerminal(io: CliIO): boolean {
  const ci = io.env.CI;
  const inCi = ci !== undefined && ci !== '0' && ci !== 'false';
  return Boolean(io.stdin.isTTY && io.stdout.isTTY) && !inCi && io.env.TERM !== 'dumb';
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const first = argv[0];
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      if (first === 'help' && argv[1] && COMMANDS[argv[1]]) {
        const cmd = (await COMMANDS[argv[1]]!.load()).default;
        io.stdout.write(commandHelp(cmd));
        return 0;
      }
      io.stdout.write(helpText());
      return 0;
    }
    if (first === '--version' || first === '-v') {
      io.stdout.write(`${version()}\n`);
      return 0;
    }
    const entry = COMMANDS[first];
    if (!entry) {
      io.stderr.write(`debrief: unknown command "${first.slice(0, 40)}". Run \`debrief --help\` for the list.\n`);
      return 2;
    }
    const cmd = (await entry.load()).default;
    let parsed;
    try {
      parsed = parseArgs({
        args: argv.slice(1),
        options: { ...GLOBAL_OPTIONS, ...cmd.options },
        allowPositionals: true,
        strict: true,
      });
    } catch (err) {
      const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
      io.stderr.write(`debrief ${cmd.name}: ${msg}. Usage: ${cmd.usage.split('\n')[0]}\n`);
      return 2;
    }
    if (parsed.values.help) {
      io.stdout.write(commandHelp(cmd));
      return 0;
    }
    if (cmd.interactive && !isInteractiveTerminal(io) && !parsed.values['no-open']) {
      io.stderr.write(
        `debrief ${cmd.name} needs an interactive terminal (no TTY here). Non-interactive commands: ${NON_INTERACTIVE}.\n`,
      );
      return 2;
    }
    const sessionsDir = resolveSessionsDir(parsed.values['sessions-dir'] as string | undefined, io.env, io.cwd);
    if (!NO_STORE.has(cmd.name) && existingNonFolder(sessionsDir))
      throw new UserError(`the sessions folder ${sessionsDir} is a file, not a folder: pass --sessions-dir with a folder (or set DEBRIEF_SESSIONS_DIR).`);
    return await cmd.run(
      { positionals: parsed.positionals, values: parsed.values as Record<string, string | boolean | string[] | undefined>, sessionsDir, debug },
      io,
    );
  } catch (err) {
    if (err instanceof UserError) {
      io.stderr.write(`debrief: ${err.message}\n`);
      return err.exitCode;
    }
    // the store's errors are already one clear line naming the file and what to do
    if (isStoreError(err)) {
      io.stderr.write(`debrief: ${err.message}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    if (debug && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    else io.stderr.write(`debrief: unexpected error: ${message.split('\n')[0]} (run again with --debug for details)\n`);
    return 1;
  }
}
