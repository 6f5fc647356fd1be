// npm run bench: every benchmark in turn, each printing its figure beside a baseline measured in the
// same run. Run one with `node bench/run.mjs startup` (names below). Needs a build (npm run bench builds).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const BENCHES = [
  ['startup', 'bench/startup.mjs', 'spawn to first frame of `debrief demo` vs a minimal Ink app (target <= 1.5x)'],
  ['timeline', 'bench/timeline.mjs', '`debrief timeline` on a 1,000,000-message Slack export vs read + JSON.parse (target <= 2x, < 1.5 GB)'],
  ['timeline-ui', 'bench/timeline-ui.mjs', 'key press to frame in a 10,000-event session vs 100 events (ratio < 1.5, < 16 ms); fuzzy filter per keystroke'],
  ['assistant', 'bench/assistant.mjs', 'offline next-question proposals on a 200-node tree (target < 5 ms)'],
  ['search', 'bench/search.mjs', 'search across 1,000 sessions (target < 100 ms)'],
  ['lint', 'bench/lint.mjs', 'lint rules on 1,000 lines; corpus precision and recall'],
];

const only = process.argv.slice(2);
let failed = 0;
for (const [name, file, what] of BENCHES) {
  if (only.length && !only.includes(name)) continue;
  if (!existsSync(`${root}/${file}`)) {
    console.log(`\n== ${name}: ${file} is missing`);
    failed++;
    continue;
  }
  console.log(`\n== ${name}: ${what}`);
  const r = spawnSync(process.execPath, [file], { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.log(`   (${name} exited ${r.status})`);
    failed++;
  }
}
process.exitCode = failed ? 1 : 0;
