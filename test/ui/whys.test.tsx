// Frame tests for the 5 Whys step: tree navigation and every node action by key presses, the warnings,
// and the assistant panel (offline proposals, and a streamed provider that never blocks keys).
import { afterEach, describe, expect, it } from 'vitest';
import type { Assistant, Proposal, ProposeOptions } from '../../src/assistant/types.js';
import { reduce } from '../../src/domain/reducer.js';
import { proposeNextQuestions } from '../../src/analysis/questions.js';
import type { Session, WhyNode } from '../../src/domain/schema.js';
import whys, { createWhysStep, type WhysUi } from '../../src/ui/steps/whys/index.js';
import { mount, type Mounted } from './timeline-helpers.js';
import { checkoutSession } from './timeline-fixture.js';

let m: Mounted<WhysUi> | null = null;
afterEach(() => {
  m?.unmount();
  m = null;
});

const add = (s: Session, id: string, parentId: string, question: string, answer: string, extra: Partial<WhyNode> = {}) =>
  reduce(s, {
    type: 'whys/add',
    node: { id, parentId, mode: 'why', question, answer, evidence: [], tags: [], mark: 'open', proposedBy: 'facilitator', factorId: null, ...extra },
  });

/** root -> w1 (pool exhausted) -> w2 (seq scan) */
function treeSession(): Session {
  let s = checkoutSession();
  s = { ...s, meeting: { ...s.meeting, step: 'whys' } };
  s = add(s, 'w1', 'root', 'Why did checkout return 5xx?', 'The database connection pool was exhausted', { evidence: ['impact'], tags: ['capacity'] });
  s = add(s, 'w2', 'w1', 'Why was the pool exhausted?', 'Each promo checkout ran a 1.9 s sequential scan');
  return s;
}

const open = async (s = treeSession(), size = { columns: 100, rows: 40 }) => (m = await mount(whys, s, size));
const selectedRow = (f: string) => f.split('\n').find((l) => l.startsWith('›')) ?? '';
const nodes = () => m!.session().whys.nodes;

describe('navigating the tree', () => {
  it('shows the problem statement as root, depth and marks; arrows move, collapse and expand', async () => {
    const t = await open();
    let f = t.frame();
    expect(f).toContain('5 Whys · 3 nodes · depth 2');
    expect(selectedRow(f)).toContain('L0 problem: Why did this happen: checkout-api returned 5xx for 39 minutes');
    expect(f).toMatch(/L1 why: Why did checkout return 5xx\? → The database connection pool was exhaust.* #capacity ⌁1$/m);
    await t.press('nav.down');
    await t.press('nav.down');
    expect(selectedRow(t.frame())).toContain('L2 why: Why was the pool exhausted?');
    await t.press('nav.left'); // leaf: to the parent
    expect(selectedRow(t.frame())).toContain('L1 why');
    await t.press('nav.left'); // expanded: collapse
    f = await t.waitFor((x) => x.includes('1 folded'));
    expect(f).not.toContain('Why was the pool exhausted?');
    expect(selectedRow(f)).toMatch(/▸/);
    await t.press('nav.right'); // expand
    await t.waitFor((x) => x.includes('Why was the pool exhausted?'));
    await t.press('nav.right'); // to the child
    expect(selectedRow(t.frame())).toContain('L2 why');
    await t.press('nav.up');
    await t.press('nav.up');
    await t.press('nav.up');
    expect(selectedRow(t.frame())).toContain('L0 problem');
  });

  it('keeps a deep, wide tree readable: indentation capped, rows clipped to the width', async () => {
    let s = treeSession();
    let parent = 'w2';
    for (let i = 3; i <= 12; i++) {
      s = add(s, `d${i}`, parent, `Why level ${i}? ${'x'.repeat(80)}`, `because of condition ${i}`);
      parent = `d${i}`;
    }
    const t = await open(s, { columns: 60, rows: 30 });
    const f = t.frame();
    const rows = f.split('\n').filter((l) => /L\d+/.test(l));
    expect(rows.length).toBe(13);
    for (const r of rows) expect(r.length).toBeLessThanOrEqual(60);
    expect(f).toContain('L12… why: Why level 12?');
    const indents = rows.map((r) => r.indexOf('○') >= 0 ? r.indexOf('○') : r.search(/[◆◇■]/));
    expect(Math.max(...indents)).toBeLessThanOrEqual(1 + 12 + 1);
    expect(f).toContain('depth 12');
  });
});

describe('a tree taller than the screen', () => {
  it('windows the rows and keeps the selection in view', async () => {
    let s = treeSession();
    for (let i = 0; i < 60; i++) s = add(s, `b${i}`, 'w1', `Why branch ${i}?`, `answer ${i}`);
    const t = await open(s, { columns: 100, rows: 24 });
    let f = t.frame();
    expect(f).toContain('63 nodes');
    const treeRows = (x: string) => x.split('\n').filter((l) => /L\d /.test(l)).length;
    expect(treeRows(f)).toBeLessThan(20);
    for (let i = 0; i < 45; i++) await t.press('nav.down');
    f = t.frame();
    expect(selectedRow(f)).toContain('Why branch 42?');
    expect(f).toMatch(/↑\d+/);
    await t.press('nav.pageUp');
    f = t.frame();
    expect(selectedRow(f)).toMatch(/Why branch \d+\?/);
    expect(selectedRow(f)).not.toContain('Why branch 42?');
  });
});

describe('editing nodes', () => {
  it('answers a node with Enter', async () => {
    const t = await open();
    await t.press('nav.down');
    await t.press('nav.down');
    await t.press('item.edit');
    await t.waitFor((f) => f.includes('Edit the node'));
    await t.type(' on promo_redemptions');
    await t.press('edit.submit');
    await t.waitFor((f) => !f.includes('Edit the node'));
    expect(nodes().w2?.answer).toBe('Each promo checkout ran a 1.9 s sequential scan on promo_redemptions');
    expect(t.frame()).toContain('A: Each promo checkout ran a 1.9 s sequential scan on promo_redemptions');
  });

  it('adds a child why, its question pre-filled with the top offline proposal, and selects it', async () => {
    const t = await open();
    await t.press('nav.down');
    await t.press('nav.down');
    const top = proposeNextQuestions(t.session(), 'w2')[0]!;
    await t.press('whys.child');
    await t.waitFor((f) => f.includes(`New ${top.mode} under`));
    // never the parent's answer spliced into "Why …?"
    expect(t.frame()).not.toContain('question: Why Each promo');
    expect(t.frame()).toContain(`question: ${top.question.slice(0, 40)}`);
    await t.type('The lower(code) expression bypassed the index');
    await t.press('edit.submit');
    await t.waitFor((f) => f.includes('4 nodes · depth 3'));
    const child = Object.values(nodes()).find((n) => n.parentId === 'w2');
    // kept as proposed: it carries the proposal's mode, category and provenance
    expect(child).toMatchObject({ mode: top.mode, question: top.question, answer: 'The lower(code) expression bypassed the index', proposedBy: 'offline', tags: [top.category] });
    expect(selectedRow(t.frame())).toContain(`L3 ${top.mode}`);
  });

  it('adds a child how question', async () => {
    const t = await open();
    await t.press('nav.down');
    await t.press('whys.childHow');
    const form = await t.waitFor((f) => f.includes('New how under'));
    // it starts from the offline assistant's first "how" proposal: back to it, clear it, type our own
    expect(form).toMatch(/question: \S/);
    await t.press('edit.prevField');
    await t.type('\u0015');
    await t.type('How did we notice the pool saturation?');
    await t.press('edit.nextField');
    await t.type('A customer ticket, 5 minutes in');
    await t.press('edit.submit');
    await t.waitFor((f) => f.includes('4 nodes'));
    const how = Object.values(nodes()).find((n) => n.mode === 'how');
    expect(how).toMatchObject({ parentId: 'w1', question: 'How did we notice the pool saturation?', answer: 'A customer ticket, 5 minutes in' });
    expect(selectedRow(t.frame())).toContain('L2 how: How did we notice the pool saturation?');
  });

  it('adds a sibling: another answer to the same question, a branch', async () => {
    const t = await open();
    expect(t.frame()).toContain('The tree is a single chain');
    await t.press('nav.down');
    await t.press('nav.down');
    await t.press('whys.sibling');
    await t.waitFor((f) => f.includes('question: Why was the pool exhausted?'));
    await t.type('Scaling out to 10 replicas added connections');
    await t.press('edit.submit');
    await t.waitFor((f) => f.includes('4 nodes'));
    expect(nodes().w1?.children).toHaveLength(2);
    const sib = nodes()[nodes().w1!.children[1]!]!;
    expect(sib).toMatchObject({ question: 'Why was the pool exhausted?', answer: 'Scaling out to 10 replicas added connections' });
    expect(t.frame()).not.toContain('The tree is a single chain');
  });

  it('cycles the mark and switches why/how', async () => {
    const t = await open();
    await t.press('nav.down');
    for (const mark of ['trigger', 'contributing', 'systemic', 'open'] as const) {
      await t.press('whys.mark');
      await t.waitFor(() => nodes().w1?.mark === mark, `mark ${mark}`);
    }
    await t.press('whys.mode');
    await t.waitFor((f) => selectedRow(f).includes('L1 how'));
  });

  it('tags a node with categories from a picker', async () => {
    const t = await open();
    await t.press('nav.down');
    await t.press('nav.down');
    await t.press('whys.tag');
    await t.waitFor((f) => f.includes('Categories'));
    await t.press('item.toggle'); // testing
    await t.press('nav.down');
    await t.press('nav.down');
    await t.press('nav.down');
    await t.press('item.toggle'); // deployment
    await t.waitFor((f) => f.includes('[x] deployment'));
    await t.press('overlay.close');
    await t.waitFor((f) => !f.includes('Categories'));
    expect(nodes().w2?.tags).toEqual(['testing', 'deployment']);
    expect(selectedRow(t.frame())).toContain('#testing #deployment');
  });

  it('cites timeline events as evidence', async () => {
    const t = await open();
    await t.press('nav.down');
    await t.press('nav.down');
    await t.press('whys.evidence');
    await t.waitFor((f) => f.includes('Cite timeline events (0 cited'));
    await t.press('nav.down');
    await t.press('nav.down');
    await t.press('item.toggle');
    await t.waitFor((f) => f.includes('1 cited'));
    await t.press('confirm.choose');
    await t.waitFor((f) => !f.includes('Cite timeline events'));
    expect(nodes().w2?.evidence).toEqual(['warn']);
    expect(t.frame()).toContain('evidence: 14:08 CheckoutDBPoolSaturation warning posted');
  });

  it('finds the events to cite with a fuzzy filter', async () => {
    const t = await open();
    await t.press('nav.down');
    await t.press('whys.evidence');
    await t.waitFor((f) => f.includes('Cite timeline events (1 cited'));
    await t.press('timeline.filter');
    await t.type('roll back');
    let f = await t.waitFor((x) => x.includes('match') && x.includes('/ filter: roll back'));
    expect(f).toMatch(/· [12] of 9 match/);
    await t.press('edit.submit');
    await t.press('item.toggle');
    await t.waitFor((x) => x.includes('2 cited'));
    expect(nodes().w1?.evidence).toEqual(['impact', 'rollback']);
    await t.press('edit.cancel'); // clears the filter, stays in the picker
    f = await t.waitFor((x) => !x.includes('/ filter:'));
    expect(f).toContain('Cite timeline events (2 cited');
    await t.press('overlay.close');
    await t.waitFor((x) => !x.includes('Cite timeline events'));
  });

  it('deletes a subtree, and undo restores it', async () => {
    const t = await open();
    await t.press('nav.down');
    await t.press('item.delete');
    await t.waitFor((f) => f.includes('Deleted 2 nodes'));
    expect(Object.keys(nodes())).toEqual(['root']);
    expect(selectedRow(t.frame())).toContain('L0 problem');
    await t.press('app.undo');
    await t.waitFor((f) => f.includes('3 nodes'));
    expect(nodes().w2).toBeDefined();
  });

  it('promotes a node to a factor in one key, linked both ways', async () => {
    const t = await open();
    await t.press('nav.down');
    await t.press('whys.mark'); // trigger
    await t.press('whys.promote');
    await t.waitFor((f) => f.includes('Promoted to a trigger factor'));
    const f = t.session().factors[0];
    expect(f).toMatchObject({ type: 'trigger', whyNodes: ['w1'], evidence: ['impact'], category: 'capacity', text: 'The database connection pool was exhausted' });
    expect(nodes().w1?.factorId).toBe(f?.id);
    expect(selectedRow(t.frame())).toContain('→factor');
    await t.press('whys.promote');
    await t.waitFor((x) => x.includes('Already factor'));
    expect(t.session().factors).toHaveLength(1);
  });
});

describe('language checks and presenter mode', () => {
  const linter = (text: string) =>
    /should have/i.test(text)
      ? [{ rule: 'hindsight', kind: 'blame' as const, severity: 'warning' as const, span: 'should have', message: 'reads as hindsight blame', suggestion: 'could have' }]
      : [];

  it('shows lint findings under the field and Ctrl+F accepts the rewrite', async () => {
    const t = (m = await mount(whys, treeSession(), { columns: 100, rows: 40 }, { lint: linter }));
    await t.press('nav.down');
    await t.press('whys.child');
    await t.waitFor((f) => f.includes('New why under'));
    await t.type('the deploy should have been canaried');
    await t.waitFor((x) => x.includes('“should have”: reads as hindsight blame → could have (Ctrl+F accepts)'));
    await t.press('edit.acceptFix');
    await t.waitFor((x) => x.includes('answer  : the deploy could have been canaried'));
    await t.press('edit.submit');
    await t.waitFor((x) => x.includes('4 nodes'));
    expect(Object.values(nodes()).some((n) => n.answer === 'the deploy could have been canaried')).toBe(true);
  });

  it('hides the assistant panel in presenter mode', async () => {
    const t = (m = await mount(whys, treeSession(), { columns: 100, rows: 40 }, { presenter: true }));
    expect(t.frame()).toContain('5 Whys · 3 nodes');
    expect(t.frame()).not.toContain('Assistant (');
  });
});

describe('warnings', () => {
  it('shows the proximate-cause warning on a shallow leaf and a reframing for a node that ends at a person', async () => {
    let s = treeSession();
    s = add(s, 'p1', 'w1', 'Why did bob not roll back sooner?', 'bob waited for the image rebuild');
    const t = await open(s);
    await t.press('nav.down');
    await t.press('nav.down');
    let f = t.frame();
    expect(selectedRow(f)).toContain('⚠');
    expect(f).toContain('This chain stops after 2 levels with nothing marked systemic');
    await t.press('nav.down');
    f = await t.waitFor((x) => selectedRow(x).includes('bob'));
    expect(f).toContain('This node ends at a person');
    // the reframing (from analysis/questions.ts) shows under the warning
    expect(f).toMatch(/^ {2}Try asking: What /m);
    expect(f.split('\n').filter((l) => l.includes('Try asking')).join('')).not.toMatch(/\bbob\b/);
  });
});

describe('the assistant', () => {
  it('shows offline proposals with their rules; n moves the highlight, y adds it as a child', async () => {
    const t = await open();
    await t.press('nav.down');
    await t.press('nav.down');
    let f = t.frame();
    expect(f).toContain('Assistant (offline)');
    const proposals = f.split('\n').filter((l) => /^[›\s] (why|how): .*\[\w+ · rule [\w-]+\]$/.test(l));
    expect(proposals.length).toBeGreaterThanOrEqual(2);
    await t.press('whys.suggest');
    f = t.frame();
    const picked = f.split('\n').find((l) => /^› (why|how): /.test(l))!;
    expect(picked.slice(1)).toBe(proposals[1]!.slice(1));
    const question = /^› (?:why|how): (.*?)  \[/.exec(picked)![1]!.replace(/…$/, '');
    await t.press('whys.acceptSuggestion');
    await t.waitFor((x) => x.includes('4 nodes'));
    const child = Object.values(nodes()).find((n) => n.parentId === 'w2')!;
    expect(child.proposedBy).toBe('offline');
    expect(child.question.startsWith(question)).toBe(true);
    expect(child.tags).toHaveLength(1);
    expect(selectedRow(t.frame())).toContain('L3');
  });

  it('names the provider that answered and its note when a remote provider fell back', async () => {
    const fake: Assistant = {
      id: 'claude',
      proposeQuestions: async () => ({
        provider: 'offline',
        note: 'Claude timed out; offline proposals shown',
        proposals: [
          {
            question: 'What decided the 10%-for-5-minutes threshold?',
            mode: 'why',
            category: 'alerting',
            rationale: 'The first page came 8 minutes after errors began.',
            rule: 'detection-gap',
            evidence: [],
          },
        ],
      }),
    };
    const t = (m = await mount(createWhysStep({ assistant: fake }), treeSession(), { columns: 100, rows: 40 }));
    await t.press('whys.suggest');
    const f = await t.waitFor((x) => x.includes('Claude timed out'));
    expect(f).toContain('Assistant (offline) · Claude timed out; offline proposals shown');
    expect(f).toContain('why: What decided the 10%-for-5-minutes threshold?  [alerting · rule detection-gap]');
    expect(f).toContain('↳ The first page came 8 minutes after errors began.');
  });

  it('streams a provider without blocking keys; Esc cancels; an answer can be accepted', async () => {
    const calls: Array<{ nodeId: string; opts: ProposeOptions | undefined; finish: () => void }> = [];
    const proposal = (q: string): Proposal => ({ question: q, mode: 'why', category: 'testing', rationale: 'r', evidence: ['deploy', 'nope'] });
    const fake: Assistant = {
      id: 'claude',
      proposeQuestions: (session, nodeId, opts) =>
        new Promise((resolve, reject) => {
          opts?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
          calls.push({
            nodeId,
            opts,
            finish: () => resolve({ provider: 'claude', proposals: [proposal('What kept staging from \u001b[2Jshowing the scan?'), proposal('How is query cost reviewed?')] }),
          });
          setImmediate(() => opts?.onPartial?.([proposal('What kept staging from \u001b[2Jshowing the scan?')]));
        }),
    };
    const t = (m = await mount(createWhysStep({ assistant: fake }), treeSession(), { columns: 100, rows: 40 }));
    await t.press('nav.down');
    await t.press('whys.suggest');
    await t.waitFor((f) => f.includes('Assistant (claude) · asking… (Esc cancels)'));
    await t.waitFor((f) => f.includes('What kept staging from showing the scan?'));
    expect(calls[0]?.nodeId).toBe('w1');
    // keys keep working while the answer streams
    await t.press('nav.down');
    expect(selectedRow(t.frame())).toContain('L2');
    await t.press('nav.up');
    await t.press('edit.cancel');
    await t.waitFor((f) => f.includes('cancelled'));
    expect(calls[0]?.opts?.signal?.aborted).toBe(true);
    // ask again and let it finish
    await t.press('whys.suggest');
    await t.waitFor(() => calls.length === 2);
    calls[1]!.finish();
    await t.waitFor((f) => f.includes('How is query cost reviewed?') && !f.includes('asking'));
    await t.press('whys.acceptSuggestion');
    await t.waitFor((f) => f.includes('4 nodes'));
    const child = Object.values(nodes()).find((n) => n.proposedBy === 'claude')!;
    expect(child).toMatchObject({ parentId: 'w1', question: 'What kept staging from showing the scan?', evidence: ['deploy'], tags: ['testing'] });
  });
});
