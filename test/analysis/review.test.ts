// The review rubric on Markdown drafts (good, middling, weak; loose headings) and on a session.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CRITERIA, CRITERION_MAX, reviewMarkdown, reviewSession } from '../../src/analysis/review.js';
import type { ActionItem, Factor, Session, TimelineEvent, WhyNode } from '../../src/domain/schema.js';
import { createSession, ROOT_ID } from '../../src/domain/session.js';

const draft = (name: string) => readFileSync(new URL(`../fixtures/drafts/${name}`, import.meta.url), 'utf8');

describe('reviewMarkdown', () => {
  const good = reviewMarkdown(draft('good-checkout-pool.md'));
  const middling = reviewMarkdown(draft('middling-cert-expiry.md'));
  const weak = reviewMarkdown(draft('weak-checkout.md'));

  it('scores a good draft clearly above a weak one', () => {
    expect(good.score).toBeGreaterThanOrEqual(8);
    expect(weak.score).toBeLessThanOrEqual(4);
    expect(middling.score).toBeGreaterThan(weak.score);
    expect(middling.score).toBeLessThan(good.score);
    console.log(`review scores: good ${good.score}, middling ${middling.score}, weak ${weak.score}`);
  });

  it.each([
    ['good-hl7-workbook-style.md', 'weak-hl7-terse.md'],
    ['good-checkout-pool.md', 'weak-hl7-terse.md'],
  ])('other styles: %s scores >= 8, %s <= 4', (g, w) => {
    expect(reviewMarkdown(draft(g)).score).toBeGreaterThanOrEqual(8);
    expect(reviewMarkdown(draft(w)).score).toBeLessThanOrEqual(4);
  });

  it('reads labelled paragraphs ("**Impact:** …", "Cause: …") as sections', () => {
    const r = reviewMarkdown(draft('good-hl7-workbook-style.md'));
    const by = Object.fromEntries(r.rubric.map((x) => [x.criterion, x]));
    expect(by.impact!.score).toBe(by.impact!.max);
    expect(by.detection!.score).toBe(by.detection!.max);
    const weakHl7 = reviewMarkdown(draft('weak-hl7-terse.md'));
    expect(weakHl7.findings.find((f) => f.rule === 'human-error')?.line).toBe(6);
    expect(weakHl7.rubric.find((x) => x.criterion === 'root-cause-depth')!.notes).toMatch(/human error/);
  });

  it('has the contract shape: every criterion with score <= max, maxima summing to 10', () => {
    expect(good.rubric.map((r) => r.criterion)).toEqual([...CRITERIA]);
    expect(Object.values(CRITERION_MAX).reduce((a, b) => a + b, 0)).toBeCloseTo(10);
    for (const r of [...good.rubric, ...weak.rubric]) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(r.max);
      expect(r.notes.length).toBeGreaterThan(0);
    }
    expect(weak.score).toBeCloseTo(weak.rubric.reduce((a, r) => a + r.score, 0), 1);
  });

  it('the weak draft: blame findings with lines, three improvements, the most important first', () => {
    const blame = weak.findings.filter((f) => f.kind === 'blame' && f.severity === 'error');
    expect(blame.map((f) => f.line)).toEqual(expect.arrayContaining([5, 6, 10]));
    expect(weak.findings.filter((f) => f.kind === 'action' && f.line === 15).map((f) => f.rule)).toContain('vague-action');
    expect(weak.improvements).toHaveLength(3);
    expect(weak.improvements[0]).toMatch(/blameful framing.*line 5/);
    expect(weak.rubric.find((r) => r.criterion === 'blameless')!.score).toBe(0);
    // a person or "human error" as the root cause caps the depth
    expect(weak.rubric.find((r) => r.criterion === 'root-cause-depth')!.notes).toMatch(/human error/);
  });

  it('the good draft has nothing blocking and no blame', () => {
    expect(good.findings.filter((f) => f.kind === 'blame')).toEqual([]);
    expect(good.improvements.length).toBeLessThanOrEqual(1);
  });

  it('matches headings loosely and finds what is missing', () => {
    const md = [
      'Overview',
      '========',
      'Payments failed for 20 minutes.',
      '',
      '**Follow-ups**',
      '- Add a dashboard panel for queue age. Owner: SRE. Due 2024-08-01. Done when the panel shows the 16 July backlog.',
      '',
      '### Lessons learnt',
      '- The runbook was out of date.',
    ].join('\n');
    const r = reviewMarkdown(md);
    const by = Object.fromEntries(r.rubric.map((x) => [x.criterion, x]));
    expect(by['action-items']!.notes).toMatch(/every item has an owner/);
    expect(by.timeline!.score).toBe(0);
    expect(by.lessons!.notes).toMatch(/no "what went well"/);
    expect(r.improvements.some((s) => /timeline/i.test(s))).toBe(true);
  });

  it("debrief's own Markdown export of the demo session reviews well, with no blame", async () => {
    const { loadDemo } = await import('../../src/cli/demo.js');
    const { renderMarkdown } = await import('../../src/report/markdown.js');
    const r = reviewMarkdown(renderMarkdown(await loadDemo(), '2024-03-14T09:00:00Z'));
    expect(r.score).toBeGreaterThanOrEqual(8);
    expect(r.findings.filter((f) => f.kind === 'blame')).toEqual([]);
  });

  it('a template with only headings and "TBD" scores like an empty draft', () => {
    const headings = ['Summary', 'Impact', 'Detection', 'Timeline', 'Root cause', 'Trigger', 'Contributing factors', 'Action items', 'What went well', 'What went wrong', 'Where we got lucky'];
    const md = headings.map((h) => `## ${h}\n\n${h === 'Action items' || h === 'Contributing factors' ? '- TBD' : 'TBD'}\n`).join('\n');
    expect(reviewMarkdown(md).score).toBeLessThanOrEqual(2);
  });

  it('an empty document scores near zero (only the blameless points)', () => {
    const r = reviewMarkdown('');
    expect(r.score).toBe(1.5);
    expect(r.improvements).toHaveLength(3);
  });
});

// ------------------------------------------------------------------------------------------------

const NOW = '2024-03-14T09:00:00.000Z';
let n = 0;
const event = (at: string, kind: TimelineEvent['kind'], text: string): TimelineEvent => ({
  id: `e${++n}`,
  occurredAt: at,
  detectedAt: null,
  precision: 'second',
  kind,
  actor: null,
  text,
  sources: [{ type: 'slack', file: 'export.zip', ref: String(n) }],
  conflicts: [],
  confirmed: true,
});
const node = (id: string, parentId: string | null, children: string[], answer: string, mark: WhyNode['mark'] = 'open'): WhyNode => ({
  id,
  parentId,
  children,
  mode: 'why',
  question: `Why ${id}?`,
  answer,
  evidence: [],
  tags: [],
  mark,
  proposedBy: 'facilitator',
  factorId: null,
});
const item = (id: string, title: string, factors: string[], extra: Partial<ActionItem> = {}): ActionItem => ({
  id,
  title,
  doneWhen: 'a staging game-day produces a page within 6 minutes',
  ownerRole: 'SRE',
  owner: null,
  due: '2024-03-22',
  horizon: 'short',
  priority: 'P1',
  factors,
  tracker: null,
  status: 'open',
  ...extra,
});

function goodSession(): Session {
  const s = createSession({ id: 'checkout', now: NOW, incident: { title: 'Checkout 5xx', summary: 'Checkout failed for promo payments.', customerImpact: '5,742 shoppers saw failed payments.' } });
  const events = [
    event('2024-03-12T13:58:00Z', 'deploy', 'Deploy 4821 starts'),
    event('2024-03-12T14:02:45Z', 'metric', '5xx ratio above 1%'),
    event('2024-03-12T14:10:30Z', 'alert', 'Checkout5xx fires'),
    event('2024-03-12T14:13:40Z', 'ack', 'Page acknowledged'),
    event('2024-03-12T14:38:00Z', 'deploy', 'Rollback completes'),
    event('2024-03-12T14:42:00Z', 'resolve', '5xx ratio back under 1%'),
  ];
  const factors: Factor[] = [
    { id: 'f1', text: 'Deploy 4821 added lower(code) to the promo lookup', type: 'trigger', category: 'deployment', whyNodes: [], evidence: [] },
    { id: 'f2', text: 'Staging has 40k rows, not 38M', type: 'contributing', category: 'testing', whyNodes: [], evidence: [] },
    { id: 'f3', text: 'No query-plan check against production-sized data', type: 'systemic', category: 'process', whyNodes: [], evidence: [] },
    { id: 'f4', text: 'The gateway did not charge failed attempts', type: 'mitigator', category: null, whyNodes: [], evidence: [] },
  ];
  return {
    ...s,
    timeline: {
      ...s.timeline,
      events,
      moments: {
        impactStart: { at: '2024-03-12T14:02:45Z', eventId: events[1]!.id },
        detected: { at: '2024-03-12T14:10:30Z', eventId: events[2]!.id },
        acknowledged: null,
        mitigated: null,
        resolved: { at: '2024-03-12T14:42:00Z', eventId: events[5]!.id },
      },
    },
    whys: {
      rootId: ROOT_ID,
      nodes: {
        [ROOT_ID]: node(ROOT_ID, null, ['n1'], 'Every pod connection pool was exhausted'),
        n1: node('n1', ROOT_ID, ['n2'], 'Each promo lookup held a connection for 1.9 s', 'trigger'),
        n2: node('n2', 'n1', ['n3'], 'lower(code) could not use the index on code', 'contributing'),
        n3: node('n3', 'n2', [], 'No check compares query plans on production-sized data', 'systemic'),
      },
    },
    factors,
    actions: [
      item('a1', 'Page the payments on-call when pool utilisation stays above 80% for 5 minutes', ['f2'], { horizon: 'immediate' }),
      item('a2', 'Add a CI step that fails the build on sequential scans over tables above 1M rows', ['f3']),
      item('a3', 'Seed staging with 30M promo_redemptions rows', ['f2'], { horizon: 'long', doneWhen: 'the staging row-count job reports at least 30M' }),
    ],
    impact: { inputs: { usersAffected: 5742, failedRequests: 9498, errorRatio: 0.096 }, slo: { name: 'checkout', target: 0.999, windowDays: 28, windowVolume: 61_000_000 } },
    review: { wentWell: ['The rollback took 9 minutes'], couldBeBetter: ['The warning did not page'], gotLucky: ['No double charges'], notes: [], exportedAt: null },
  };
}

describe('reviewSession', () => {
  it('a complete session scores high with no blockers of weight', () => {
    const r = reviewSession(goodSession(), { today: '2024-03-14' });
    console.log(`session review: ${r.score}`);
    expect(r.score).toBeGreaterThanOrEqual(9);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.rubric.find((x) => x.criterion === 'detection')!.notes).toMatch(/time to detect 8 min/);
  });

  it('a fresh session scores low and lists what blocks a good score', () => {
    const s = createSession({ id: 'fresh', now: NOW, incident: { title: 'Something broke' } });
    const r = reviewSession(s);
    expect(r.score).toBeLessThanOrEqual(2);
    expect(r.blockers.length).toBeGreaterThan(5);
    expect(r.improvements).toEqual(r.blockers.slice(0, 3));
    expect(r.summary).toMatch(/^\d+\.\d \/ 10 · weakest: /);
  });

  it('evaluates the structured data: vague items, blame in answers, uncovered factors', () => {
    const s = goodSession();
    const worse: Session = {
      ...s,
      actions: [item('a1', 'Improve monitoring', ['f1'], { due: null, ownerRole: '' })],
      whys: { ...s.whys, nodes: { ...s.whys.nodes, n1: { ...s.whys.nodes.n1!, answer: 'Bob should have tested the query on a big table' } } },
    };
    const r = reviewSession(worse, { today: '2024-03-14' });
    expect(r.score).toBeLessThanOrEqual(reviewSession(s).score - 2);
    const rules = r.findings.map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['counterfactual', 'vague-action', 'no-owner', 'no-date', 'symptom-only']));
    expect(r.findings.find((f) => f.rule === 'counterfactual')!.message).toMatch(/^why-tree answer: /);
    expect(r.findings.find((f) => f.rule === 'no-date')!.suggestion).toBe('2024-04-28');
    expect(r.blockers.join('\n')).toMatch(/Cover every contributing and systemic factor/);
  });
});

describe('score and blockers agree', () => {
  it('never shows 10.0 while a blocker is listed (the demo loses 0.02 for one uncovered factor)', async () => {
    const { reviewSession } = await import('../../src/analysis/review.js');
    const { readFileSync } = await import('node:fs');
    const demo = JSON.parse(readFileSync(new URL('../../demo/demo-session.json', import.meta.url), 'utf8'));
    const r = reviewSession(demo);
    const total = r.rubric.reduce((a, x) => a + x.score, 0);
    expect(total).toBeGreaterThan(9.95);
    expect(r.blockers.length).toBeGreaterThan(0);
    expect(r.score).toBe(9.9);
  });
});
