// Runs a command module the way main.ts does (parseArgs with the command's options plus the global
// ones), without main's lazy import by computed name, which vitest cannot resolve to .ts sources.
import { parseArgs } from 'node:util';
import type { CliIO, Command } from '../../../src/cli/command.js';
import { UserError } from '../../../src/cli/command.js';
import { resolveSessionsDir } from '../../../src/store/index.js';

export async function runCommand(cmd: Command, argv: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs({
    args: argv,
    options: { 'sessions-dir': { type: 'string' }, debug: { type: 'boolean' }, ...cmd.options },
    allowPositionals: true,
    strict: true,
  });
  const flag = parsed.values['sessions-dir'] as string | undefined;
  try {
    return await cmd.run(
      {
        positionals: parsed.positionals,
        values: parsed.values as Record<string, string | boolean | string[] | undefined>,
        sessionsDir: resolveSessionsDir(flag, io.env, io.cwd),
        debug: false,
      },
      io,
    );
  } catch (err) {
    if (err instanceof UserError) {
      io.stderr.write(`debrief: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}
