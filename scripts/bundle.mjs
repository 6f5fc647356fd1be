// Bundles the built CLI (dist/cli/bin.js) into dist/bundle/ with esbuild: one ES module per lazy
// boundary (each command, the Ink console), so start-up reads a few files instead of hundreds and
// non-interactive commands still never load React. The executable is dist/bundle/debrief.mjs.
import { build } from 'esbuild';
import { chmodSync, rmSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { debrief: `${root}dist/cli/bin.js` },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  // native module (tests only) and Ink's optional devtools
  external: ['@lydell/node-pty', 'react-devtools-core'],
  // some dependencies are CommonJS and call require(); give ES modules one
  banner: { js: "import { createRequire as __debriefRequire } from 'node:module'; const require = __debriefRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'error',
});
chmodSync(`${outdir}/debrief.mjs`, 0o755);
