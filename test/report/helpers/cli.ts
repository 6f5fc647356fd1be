// Runs a command module the way main.ts does (parseArgs with the global options plus the command's,
// UserError printed as one line), without main's lazy import by computed name, which vitest cannot
// resolve to .ts sources.
import { parseArgs } from 'node:util';
import type { CliIO, Command } from '../../../src/cli/command.js';
import { UserError } from '../../../src/cli/command.js';

export async function runCli(cmd: Command, argv: string[], io: CliIO, sessionsDir: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { debug: { type: 'boolean' }, ...cmd.options }, allowPositionals: true, strict: true });
  } catch (err) {
    io.stderr.write(`debrief ${cmd.name}: ${(err as Error).message.split('\n')[0]}\n`);
    return 2;
  }
  try {
    return await cmd.run(
      { positionals: parsed.positionals, values: parsed.values as Record<string, string | boolean | string[] | undefined>, sessionsDir, debug: false },
      io,
    );
  } catch (err) {
    if (err instanceof UserError) {
      io.stderr.write(`debrief: ${err.message}\n`);
      return err.exitCode;
    }
    io.stderr.write(`debrief: unexpected error: ${(err as Error).message}\n`);
    return 1;
  }
}
