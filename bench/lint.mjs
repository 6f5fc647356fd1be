// The language rules: corpus precision/recall, and linting 1,000 lines against a baseline in the same
// run (splitting the same text into lines and lower-casing it: the least any per-line pass does).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { lintBlame } = await import(`${root}dist/analysis/blame.js`);
const { checkActionText } = await import(`${root}dist/analysis/actionItems.js`);
const { lintText } = await import(`${root}dist/analysis/lint.js`);

const jsonl = (f) => readFileSync(`${root}test/fixtures/corpus/${f}`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const score = (rows) => {
  let tp = 0, fp = 0, fn = 0;
  for (const { p, a } of rows) { if (p && a) tp++; else if (p) fp++; else if (a) fn++; }
  return `precision ${(tp / Math.max(1, tp + fp)).toFixed(2)}, recall ${(tp / Math.max(1, tp + fn)).toFixed(2)}`;
};
const lang = jsonl('language-dev.jsonl');
console.log(`blame detection on language-dev.jsonl (${lang.length}): ${score(lang.map((r) => ({ p: lintBlame(r.text).length > 0, a: r.label === 'blameful' })))}`);
const items = jsonl('action-items-dev.jsonl');
console.log(`vague-item check on action-items-dev.jsonl (${items.length}): ${score(items.map((r) => ({ p: checkActionText(r.text).length > 0, a: r.label === 'vague' })))}`);

const sample = [...lang.map((r) => r.text), ...items.map((r) => `- ${r.text}`)];
const lines = Array.from({ length: 1000 }, (_, i) => sample[i % sample.length]);
const text = `# Post-mortem\n\n## Action items\n${lines.join('\n')}\n`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn, runs = 30) => { for (let i = 0; i < 3; i++) fn(); const t = []; for (let i = 0; i < runs; i++) { const s = performance.now(); fn(); t.push(performance.now() - s); } return median(t); };
const base = time(() => text.split('\n').map((l) => l.toLowerCase()));
const lint = time(() => lintText(text, { as: 'auto' }));
console.log(`lint 1,000 lines: ${lint.toFixed(1)} ms median (baseline split+lowercase ${base.toFixed(2)} ms; target < 50 ms) ${lint < 50 ? 'PASS' : 'MISS'}`);
