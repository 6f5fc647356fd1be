// Child processes in the store tests run the real store code: the child's TypeScript entry is bundled
// with rolldown (installed with vite, which vitest uses) into one .mjs in a temp folder.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function bundleChild(entry: string, outDir: string): Promise<string> {
  const file = path.join(outDir, `${path.basename(entry, '.ts')}.mjs`);
  await build({
    input: path.join(here, entry),
    platform: 'node',
    write: true,
    output: { file, format: 'esm' },
    logLevel: 'silent',
  });
  return file;
}
