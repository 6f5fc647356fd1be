// Measures the rules on the labelled development corpora (copied from /work/shared/corpus) and prints
// precision and recall. The rules were written from the phrase bank and grammar, not tuned to these
// sentences; the floors below guard against regressions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkActionText } from '../../src/analysis/actionItems.js';
import { lintBlame } from '../../src/analysis/blame.js';

interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}
const pr = (c: Counts) => ({ precision: c.tp / Math.max(1, c.tp + c.fp), recall: c.tp / Math.max(1, c.tp + c.fn) });
const jsonl = <T>(file: string): T[] =>
  readFileSync(new URL(`../fixtures/corpus/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

function tally(rows: { predicted: boolean; actual: boolean }[]): Counts {
  const c: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const r of rows) {
    if (r.predicted && r.actual) c.tp++;
    else if (r.predicted) c.fp++;
    else if (r.actual) c.fn++;
    else c.tn++;
  }
  return c;
}

const fmt = (name: string, c: Counts) => {
  const { precision, recall } = pr(c);
  return `${name}: precision ${precision.toFixed(3)} recall ${recall.toFixed(3)} (tp ${c.tp}, fp ${c.fp}, fn ${c.fn}, tn ${c.tn})`;
};

describe('corpus measurement', () => {
  it('blame detection on language-dev.jsonl', () => {
    const rows = jsonl<{ text: string; label: 'blameful' | 'blameless' }>('language-dev.jsonl');
    expect(rows.length).toBe(60);
    const c = tally(rows.map((r) => ({ predicted: lintBlame(r.text).length > 0, actual: r.label === 'blameful' })));
    console.log(fmt('blame (any finding)', c));
    const errorsOnly = tally(rows.map((r) => ({ predicted: lintBlame(r.text).some((f) => f.severity === 'error'), actual: r.label === 'blameful' })));
    console.log(fmt('blame (error severity only)', errorsOnly));
    expect(pr(c).precision).toBeGreaterThanOrEqual(0.9);
    expect(pr(c).recall).toBeGreaterThanOrEqual(0.9);
  });

  it('vague-item check on action-items-dev.jsonl, overall and per issue', () => {
    const rows = jsonl<{ text: string; label: 'specific' | 'vague'; issues: string[] }>('action-items-dev.jsonl');
    expect(rows.length).toBe(40);
    const results = rows.map((r) => ({ r, fs: checkActionText(r.text) }));
    const c = tally(results.map(({ r, fs }) => ({ predicted: fs.length > 0, actual: r.label === 'vague' })));
    console.log(fmt('vague item (any finding)', c));
    const map: Record<string, string> = { 'vague-verb': 'vague-action', 'people-fix': 'people-fix-action' };
    for (const issue of ['vague-verb', 'people-fix', 'no-owner', 'no-date', 'not-verifiable', 'symptom-only']) {
      const rule = map[issue] ?? issue;
      const ci = tally(results.map(({ r, fs }) => ({ predicted: fs.some((f) => f.rule === rule), actual: r.issues.includes(issue) })));
      console.log(`  ${fmt(issue, ci)}`);
    }
    expect(pr(c).precision).toBeGreaterThanOrEqual(0.9);
    expect(pr(c).recall).toBeGreaterThanOrEqual(0.9);
  });

  // Sets we wrote in other wording (incidents not in the dev corpora) as held-out checks, in two rounds,
  // each measured before any rule change. Round 1 (40 sentences, 20 items): blame precision 0.94 /
  // recall 0.80, vague items 1.00 / 1.00. Round 2 (30 sentences): blame precision 1.00 / recall 0.60.
  // Round 3 (30 sentences of idioms: "went rogue", "lies with", "mistakes were made by"): precision 1.00 /
  // recall 0.33. Round 4 (30 sentences in longer post-mortem prose): precision 1.00 / recall 0.53.
  // Round 5 (40 sentences balanced over the dev corpus's categories and hard negatives): precision
  // 0.95 / recall 0.95. Round 6 (30 hard negatives with trigger words): 1 false positive of 30.
  // Round 7 (30 sentences, balanced): precision 1.00 / recall 0.87. Round 8 (30, balanced): 1.00 / 0.93.
  // Action items round 2 (20 items in ticket styles: "[P1] SRE: …", "TODO(@bob): …"):
  // precision 0.91 / recall 1.00. Action items round 3 (20 items like the dev set): 1.00 / 1.00.
  // Action items round 4 (10 specific items in unusual layouts): 3 false positives of 10.
  // The misses ("is on the platform team", "deleted … by accident", "why didn't the on-call …",
  // "misread", "typical of them", "embarrassing", "whose idea", "should never have", "a people
  // problem", "an engineer's mistake", round 3's idioms) and one false positive ("user errors") were then fixed with
  // general patterns, so these are regression sets now, not held out.
  it('extra sets in other wording', () => {
    const lang = jsonl<{ text: string; label: string }>('extra-language.jsonl');
    const c = tally(lang.map((r) => ({ predicted: lintBlame(r.text).length > 0, actual: r.label === 'blameful' })));
    console.log(fmt('extra blame', c));
    const acts = jsonl<{ text: string; label: string }>('extra-action-items.jsonl');
    const a = tally(acts.map((r) => ({ predicted: checkActionText(r.text).length > 0, actual: r.label === 'vague' })));
    console.log(fmt('extra vague item', a));
    expect(pr(c).precision).toBeGreaterThanOrEqual(0.9);
    expect(pr(c).recall).toBeGreaterThanOrEqual(0.9);
    expect(pr(a).precision).toBeGreaterThanOrEqual(0.9);
    expect(pr(a).recall).toBeGreaterThanOrEqual(0.9);
  });
});
