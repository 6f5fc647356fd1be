// The offline next-question engine and the why-tree warnings, on sessions built from the fixtures' facts.
import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  peopleOf,
  proposeNextQuestions,
  thresholdLabel,
  treeWarnings,
  type QuestionProposal,
} from '../../src/analysis/questions.js';
import { CATEGORIES, type Category, type Session } from '../../src/domain/schema.js';
import { loadDemo } from '../../src/cli/demo.js';
import { addWhy, apply, certSession, checkoutSession, hl7Session } from '../assistant/sessions.js';

const PEOPLE_WORDS = ['Alice', 'Chen', 'Dmitri', 'Volkov', 'Priya', 'Nair', 'Bob', 'Martin', 'Sam', 'Okafor', 'Aoife', 'Byrne', 'Sean', 'Murphy', 'Niamh', 'Kelly', 'Lena', 'Fischer', 'Jonas', 'Weber'];

function noPerson(ps: QuestionProposal[]) {
  for (const p of ps) {
    for (const w of PEOPLE_WORDS) {
      expect(p.question, p.rule).not.toMatch(new RegExp(`\\b${w}\\b`, 'i'));
      expect(p.rationale, p.rule).not.toMatch(new RegExp(`\\b${w}\\b`, 'i'));
    }
    expect(p.question).not.toMatch(/@\w/);
    expect(p.question).not.toMatch(/\bwho\b/i);
  }
}

function wellFormed(s: Session, ps: QuestionProposal[]) {
  expect(ps.length).toBeGreaterThanOrEqual(2);
  expect(ps.length).toBeLessThanOrEqual(4);
  const ids = new Set(s.timeline.events.map((e) => e.id));
  for (const p of ps) {
    expect(p.rule).toMatch(/^[a-z-]+$/);
    expect(CATEGORIES).toContain(p.category);
    expect(['why', 'how']).toContain(p.mode);
    expect(p.question.length).toBeGreaterThan(15);
    for (const e of p.evidence) expect(ids.has(e)).toBe(true);
  }
  expect(new Set(ps.map((p) => p.rule)).size).toBe(ps.length);
  noPerson(ps);
}

/** Grow a branching tree by accepting proposals, `levels` deep, and check every step. */
function walk(s: Session, levels: number): Session {
  let cur = s;
  let parent = cur.whys.rootId;
  for (let level = 1; level <= levels; level++) {
    const ps = proposeNextQuestions(cur, parent);
    wellFormed(cur, ps);
    // two siblings per level: the chain goes on from the first
    let first = '';
    for (const [i, p] of ps.slice(0, 2).entries()) {
      let id: string;
      [cur, id] = addWhy(cur, parent, p.question, `answer ${level}.${i}: the ${p.category} condition`, { tags: [p.category], mode: p.mode, evidence: p.evidence });
      if (i === 0) first = id;
    }
    parent = first;
  }
  return cur;
}

describe('offline next questions', () => {
  it('checkout: cites the real detection gap, the threshold and the early warning', () => {
    const s = checkoutSession();
    const root = proposeNextQuestions(s, 'root');
    wellFormed(s, root);
    expect(root[0]!.rule).toBe('deploy-before-impact');
    expect(root[0]!.question).toContain('13:59');
    expect(root[0]!.evidence).toEqual(['e-deploy', 'e-impact']);
    // a node about detection gets the detection-gap question with the fixture's times and threshold
    const [s2, id] = addWhy(s, 'root', 'How did we notice?', 'The Checkout5xx alert paged the on-call', { mode: 'how' });
    const ps = proposeNextQuestions(s2, id);
    wellFormed(s2, ps);
    const gap = ps.find((p) => p.rule === 'detection-gap');
    expect(gap?.question).toBe('The first page came 8 minutes after impact began (14:02 to 14:11): what decided the 5%-for-3-minutes threshold?');
    expect(gap?.evidence).toEqual(['e-impact', 'e-page', 'e-alert']);
    const warn = root.find((p) => p.rule === 'silent-warning');
    expect(warn?.question).toContain('14:08');
    expect(warn?.question).toContain('CheckoutDBPoolSaturation');
  });

  it('hl7: times in the incident zone (Europe/Dublin, UTC+1), escalation and acknowledgement gap', () => {
    const s = hl7Session();
    const [s2, id] = addWhy(s, 'root', 'Why did the response take so long to start?', 'The page was not acknowledged until the escalation reached the second on-call', {
      tags: ['alerting'],
    });
    const ps = proposeNextQuestions(s2, id);
    wellFormed(s2, ps);
    const ack = ps.find((p) => p.rule === 'ack-gap');
    expect(ack?.question).toBe(
      'The page at 07:56 was acknowledged at 08:14, 17 minutes later, after an escalation at 08:11: how does the on-call arrangement cover that time of day?',
    );
    expect(ack?.evidence).toEqual(['h-page', 'h-esc', 'h-ack']);
  });

  it('cert: a multi-day incident dates the later days, and a 55-hour acknowledgement asks about priority and routing', () => {
    const s = certSession();
    const root = proposeNextQuestions(s, 'root');
    wellFormed(s, root);
    const [s2, id] = addWhy(s, 'root', 'Why did nobody react to the alert?', 'The TLS alert went out as a P3 email and was acknowledged days later', { tags: ['alerting'] });
    const ps = proposeNextQuestions(s2, id);
    wellFormed(s2, ps);
    const text = ps.map((p) => p.question).join('\n');
    // times on the day impact began show without a date, later days with one
    expect(text).toMatch(/\(02:14 to 02:20\)/);
    const ack = ps.find((p) => p.rule === 'ack-gap');
    expect(ack?.question).toContain('Wed 8 May 09:10');
    expect(ack?.question).toContain('55 hours');
    expect(ack?.question).toContain('priority and routing');
  });

  it('covers a category the tree has not explored yet', () => {
    let s = checkoutSession();
    const tagged: Category[] = CATEGORIES.filter((c) => c !== 'documentation');
    let id = 'root';
    for (const c of tagged) [s, id] = addWhy(s, 'root', `Why (${c})?`, 'x', { tags: [c] });
    const ps = proposeNextQuestions(s, id);
    expect(ps.map((p) => p.category)).toContain('documentation');
    expect(ps.find((p) => p.category === 'documentation')?.rule).toBe('unexplored-documentation');
    // and with everything explored, it still answers
    [s, id] = addWhy(s, 'root', 'Why (documentation)?', 'x', { tags: ['documentation'] });
    wellFormed(s, proposeNextQuestions(s, id));
  });

  it('always includes an unexplored category when one is left', () => {
    for (const make of [checkoutSession, hl7Session, certSession]) {
      let s = make();
      let id: string;
      [s, id] = addWhy(s, 'root', 'Why did it fail?', 'The pool of connections was saturated', { tags: ['capacity', 'alerting', 'deployment', 'testing'] });
      const explored = new Set<Category>(['capacity', 'alerting', 'deployment', 'testing']);
      const ps = proposeNextQuestions(s, id);
      expect(ps.some((p) => !explored.has(p.category))).toBe(true);
    }
  });

  it('a five-level branching tree can be built offline with proposals at every step', () => {
    for (const make of [checkoutSession, hl7Session, certSession]) {
      const s = walk(make(), 5);
      expect(Object.keys(s.whys.nodes)).toHaveLength(11);
    }
  });

  it('the bundled demo: proposals at every node, five more levels can be grown, no names, no rehash of other branches', async () => {
    const demo = await loadDemo();
    const names = peopleOf(demo).flatMap((p) => p.tokens);
    expect(names).toEqual(expect.arrayContaining(['Alice Example', 'Erin Walsh', 'frank']));
    expect(names).not.toContain('checkout-api');
    for (const id of Object.keys(demo.whys.nodes)) {
      const ps = proposeNextQuestions(demo, id);
      expect(ps.length, id).toBeGreaterThanOrEqual(2);
      for (const p of ps) for (const n of names) expect(p.question.toLowerCase(), `${id} ${p.rule}`).not.toMatch(new RegExp(`\\b${n.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`));
    }
    // the early warning and the detection gap are discussed under w-detect: not proposed again on the rollback branch
    const rules = proposeNextQuestions(demo, 'w-rollback').map((p) => p.rule);
    expect(rules).not.toContain('silent-warning');
    expect(rules).not.toContain('detection-gap');
    expect(rules).toContain('slow-mitigation');
    const grown = walk(demo, 5);
    expect(Object.keys(grown.whys.nodes).length).toBe(Object.keys(demo.whys.nodes).length + 10);
  });

  it('does not repeat a question already in the tree', () => {
    const s = checkoutSession();
    const first = proposeNextQuestions(s, 'root');
    const [s2] = addWhy(s, 'root', first[0]!.question, 'answered');
    const again = proposeNextQuestions(s2, 'root');
    expect(again.map((p) => p.question)).not.toContain(first[0]!.question);
  });

  it('never names a person, even when the node does', () => {
    let s = checkoutSession();
    let id: string;
    [s, id] = addWhy(s, 'root', 'Why did Alice Chen roll back so late?', 'Dmitri and @priya were waiting on Bob Martin', { evidence: ['e-ack', 'e-chan'] });
    const ps = proposeNextQuestions(s, id);
    wellFormed(s, ps);
    expect(ps[0]!.rule).toBe('ends-at-person');
    // and the people list comes from attendees and timeline actors, not tools
    const names = peopleOf(s).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['Alice Chen', 'Dmitri Volkov', 'Priya Nair', 'Bob Martin', 'Sam Okafor']));
    expect(names).not.toContain('PagerDuty');
  });

  it('is deterministic and returns nothing for an unknown node', () => {
    const s = hl7Session();
    expect(proposeNextQuestions(s, 'root')).toEqual(proposeNextQuestions(hl7Session(), 'root'));
    expect(proposeNextQuestions(s, 'nope')).toEqual([]);
  });

  it('works on a session with no timeline at all', () => {
    const s = apply(checkoutSession(), { type: 'timeline/delete', ids: checkoutSession().timeline.events.map((e) => e.id) });
    const ps = proposeNextQuestions(s, 'root');
    expect(ps.length).toBeGreaterThanOrEqual(2);
    for (const p of ps) expect(p.evidence).toEqual([]);
  });

  it('takes the threshold from an imported series when no alert text states one', () => {
    let s = hl7Session();
    s = apply(
      s,
      {
        type: 'timeline/import',
        source: { id: 'src1', path: 'q.json', types: ['prometheus'], hash: 'h1', importedAt: '2026-11-28T10:00:00Z', eventCount: 0, warnings: [] },
        events: s.timeline.events,
        series: [{ id: 's1', name: 'queue_depth_ratio', labels: {}, points: [], source: { type: 'prometheus', file: 'q.json', ref: 'r' }, unit: 'ratio', threshold: 0.05 }],
      },
      { type: 'timeline/edit', id: 'h-alert', patch: { text: 'EHR_RESULTS_OUT queue alert fired' } },
    );
    let id: string;
    [s, id] = addWhy(s, 'root', 'How did we notice?', 'The queue alert paged the on-call', { mode: 'how' });
    const gap = proposeNextQuestions(s, id).find((p) => p.rule === 'detection-gap');
    expect(gap?.question).toContain('what decided the threshold of 5% on queue_depth_ratio?');
  });

  it('reads thresholds and formats durations', () => {
    expect(thresholdLabel('Checkout5xx: 5xx ratio > 5% for 3m')).toBe('5%-for-3-minutes threshold');
    expect(thresholdLabel('error rate above 10% for 5 minutes')).toBe('10%-for-5-minutes threshold');
    expect(thresholdLabel('queue depth above 500')).toBe('threshold of 500');
    expect(thresholdLabel('p99 latency over 2 s for 1m')).toBe('2-s-for-1-minute threshold');
    expect(thresholdLabel('deploy finished')).toBeNull();
    expect(formatDuration(8 * 60_000 + 17_000)).toBe('8 minutes');
    expect(formatDuration(45_000)).toBe('45 seconds');
    expect(formatDuration(71 * 60_000)).toBe('1 h 11 min');
    expect(formatDuration(55 * 3600_000)).toBe('55 hours');
  });

  it('answers in well under 5 ms for a 200-node tree', () => {
    let s = checkoutSession();
    const ids = ['root'];
    for (let i = 1; i < 200; i++) {
      const parent = ids[Math.floor((i - 1) / 3)]!;
      let id: string;
      [s, id] = addWhy(s, parent, `Why ${i}?`, `the connection pool and alert threshold condition ${i}`, { tags: [CATEGORIES[i % 11]!], evidence: ['e-diag'] });
      ids.push(id);
    }
    expect(Object.keys(s.whys.nodes)).toHaveLength(200);
    const leaf = ids[199]!;
    for (let i = 0; i < 20; i++) proposeNextQuestions(s, leaf); // warm up
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      proposeNextQuestions(s, ids[i * 3 + 1]!);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    // the benchmark reports the figure; here a generous bound so a busy CI machine does not flake
    expect(times[25]!).toBeLessThan(5);
  });
});

describe('tree warnings', () => {
  it('flags a chain that stops at a proximate cause, not one that reaches something systemic', () => {
    let s = checkoutSession();
    let a: string;
    let b: string;
    [s, a] = addWhy(s, 'root', 'Why did checkout fail?', 'pool exhausted');
    [s, b] = addWhy(s, a, 'Why was the pool exhausted?', 'slow query');
    const w = treeWarnings(s).filter((x) => x.kind === 'shallow-chain');
    expect(w).toHaveLength(1);
    expect(w[0]!.nodeId).toBe(b);
    expect(w[0]!.message).toMatch(/2 levels/);
    s = apply(s, { type: 'whys/mark', id: b, mark: 'systemic' });
    expect(treeWarnings(s).filter((x) => x.kind === 'shallow-chain')).toHaveLength(0);
  });

  it('accepts a chain four levels deep', () => {
    let s = checkoutSession();
    let id = 'root';
    for (let i = 0; i < 4; i++) [s, id] = addWhy(s, id, `Why ${i}?`, `because ${i}`);
    expect(treeWarnings(s).filter((x) => x.kind === 'shallow-chain')).toHaveLength(0);
  });

  it('flags a node that ends at a person, with a reframing toward conditions', () => {
    let s = checkoutSession();
    let id: string;
    [s, id] = addWhy(s, 'root', 'Why did Sam run the command?', '');
    const w = treeWarnings(s).find((x) => x.kind === 'ends-at-person');
    expect(w?.nodeId).toBe(id);
    expect(w?.reframe).toBe('What made "run the command" look like the right step at the time, and what in the tooling or procedure allowed it?');
    // a name nobody registered, and blame words without a name
    let t = hl7Session();
    [t, id] = addWhy(t, 'root', 'Why did Ciaran restart the engine?', '');
    expect(treeWarnings(t).find((x) => x.kind === 'ends-at-person')?.nodeId).toBe(id);
    [t, id] = addWhy(t, 'root', 'Why was the queue not drained?', 'human error: the operator forgot');
    expect(treeWarnings(t).filter((x) => x.kind === 'ends-at-person').map((x) => x.nodeId)).toContain(id);
    // a system as the subject is not a person
    let u = hl7Session();
    [u, id] = addWhy(u, 'root', 'Why did Kubernetes restart the pod?', 'the liveness probe failed');
    expect(treeWarnings(u).filter((x) => x.kind === 'ends-at-person')).toHaveLength(0);
  });

  it('flags a tree with a single chain, not a branching one', () => {
    let s = certSession();
    let a: string;
    let b: string;
    [s, a] = addWhy(s, 'root', 'Why?', 'one');
    [s, b] = addWhy(s, a, 'Why?', 'two');
    expect(treeWarnings(s).some((w) => w.kind === 'single-chain')).toBe(true);
    [s] = addWhy(s, 'root', 'How did we notice?', 'a customer told us');
    expect(treeWarnings(s).some((w) => w.kind === 'single-chain')).toBe(false);
    expect(b).toBeTruthy();
  });

  it('says nothing about a tree that has only its problem statement', () => {
    expect(treeWarnings(checkoutSession())).toEqual([]);
  });
});
