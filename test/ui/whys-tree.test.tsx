// Pure pieces of the 5 Whys step: the visible-row model with collapse state, navigation, indentation.
import { describe, expect, it } from 'vitest';
import type { WhyNode } from '../../src/domain/schema.js';
import {
  depthOf,
  indentFor,
  moveLeft,
  moveRight,
  moveVertical,
  reveal,
  selectionAfterDelete,
  visibleRows,
} from '../../src/ui/steps/whys/tree.js';

const node = (id: string, parentId: string | null, children: string[] = []): WhyNode => ({
  id,
  parentId,
  children,
  mode: 'why',
  question: `q ${id}`,
  answer: '',
  evidence: [],
  tags: [],
  mark: 'open',
  proposedBy: 'facilitator',
});

//        root
//       /    \
//      a      b
//     / \      \
//    a1  a2     b1
//               |
//               b2
const nodes: Record<string, WhyNode> = {
  root: node('root', null, ['a', 'b']),
  a: node('a', 'root', ['a1', 'a2']),
  a1: node('a1', 'a'),
  a2: node('a2', 'a'),
  b: node('b', 'root', ['b1']),
  b1: node('b1', 'b', ['b2']),
  b2: node('b2', 'b1'),
};

describe('visible rows', () => {
  it('flattens depth first with depth and sibling position', () => {
    const rows = visibleRows(nodes, 'root', new Set());
    expect(rows.map((r) => `${r.id}:${r.depth}`)).toEqual(['root:0', 'a:1', 'a1:2', 'a2:2', 'b:1', 'b1:2', 'b2:3']);
    expect(rows.find((r) => r.id === 'a2')).toMatchObject({ siblingIndex: 1, siblingCount: 2, last: true, hasChildren: false });
  });

  it('hides the children of collapsed nodes', () => {
    const rows = visibleRows(nodes, 'root', new Set(['a', 'b1']));
    expect(rows.map((r) => r.id)).toEqual(['root', 'a', 'b', 'b1']);
    expect(rows.find((r) => r.id === 'a')).toMatchObject({ collapsed: true, hasChildren: true });
  });

  it('skips dangling children and survives a cycle', () => {
    const broken = { ...nodes, a: { ...nodes.a!, children: ['a1', 'ghost', 'root'] } };
    const rows = visibleRows(broken, 'root', new Set());
    expect(rows.map((r) => r.id)).toEqual(['root', 'a', 'a1', 'b', 'b1', 'b2']);
  });
});

describe('navigation', () => {
  const rows = visibleRows(nodes, 'root', new Set());

  it('moves up and down through visible nodes, stopping at the ends', () => {
    expect(moveVertical(rows, 'a2', 1)).toBe('b');
    expect(moveVertical(rows, 'b', -1)).toBe('a2');
    expect(moveVertical(rows, 'root', -1)).toBe('root');
    expect(moveVertical(rows, 'b2', 5)).toBe('b2');
  });

  it('left collapses an expanded node, then goes to the parent', () => {
    let nav = { selected: 'a', collapsed: new Set<string>() as ReadonlySet<string> };
    nav = moveLeft(nodes, nav);
    expect(nav.selected).toBe('a');
    expect(nav.collapsed.has('a')).toBe(true);
    nav = moveLeft(nodes, nav);
    expect(nav.selected).toBe('root');
    expect(moveLeft(nodes, { selected: 'a1', collapsed: new Set() }).selected).toBe('a');
  });

  it('right expands a collapsed node, then goes to its first child; a leaf stays', () => {
    let nav = { selected: 'b', collapsed: new Set(['b']) as ReadonlySet<string> };
    nav = moveRight(nodes, nav);
    expect(nav).toMatchObject({ selected: 'b' });
    expect(nav.collapsed.has('b')).toBe(false);
    nav = moveRight(nodes, nav);
    expect(nav.selected).toBe('b1');
    expect(moveRight(nodes, { selected: 'a1', collapsed: new Set() }).selected).toBe('a1');
  });

  it('reveals a node hidden under collapsed ancestors', () => {
    const collapsed = reveal(nodes, new Set(['b', 'b1', 'a']), 'b2');
    expect([...collapsed]).toEqual(['a']);
    const same = new Set(['a']);
    expect(reveal(nodes, same, 'b2')).toBe(same);
  });

  it('picks the next selection after a delete: next sibling, previous sibling, parent', () => {
    expect(selectionAfterDelete(nodes, 'a1')).toBe('a2');
    expect(selectionAfterDelete(nodes, 'a2')).toBe('a1');
    expect(selectionAfterDelete(nodes, 'b1')).toBe('b');
    expect(selectionAfterDelete(nodes, 'root')).toBeNull();
  });

  it('knows each node depth', () => {
    expect(depthOf(nodes, 'root')).toBe(0);
    expect(depthOf(nodes, 'b2')).toBe(3);
  });
});

describe('indentation', () => {
  it('indents two columns per level until a cap that depends on the width', () => {
    expect(indentFor(3, 100)).toEqual({ indent: 6, capped: false });
    expect(indentFor(12, 100)).toEqual({ indent: 16, capped: true });
    expect(indentFor(12, 40)).toEqual({ indent: 8, capped: true });
    expect(indentFor(1, 20)).toEqual({ indent: 2, capped: false });
  });
});

describe('the detail box', () => {
  it('wraps a long answer over the lines it has, clipping the last', async () => {
    const { answerLines } = await import('../../src/ui/steps/whys/index.js');
    const answer = 'The index is on code; lower(code) is an expression the index does not cover, so the planner fell back to a sequential scan over 38M rows';
    const two = answerLines(answer, 60, 2);
    expect(two).toHaveLength(2);
    expect(two[0]).toBe('A: The index is on code; lower(code) is an expression the');
    expect(two[1]!.startsWith('   index does not cover')).toBe(true);
    expect(two[1]!.endsWith('…')).toBe(true);
    expect(two.every((l) => l.length <= 60)).toBe(true);
    expect(answerLines('short', 60, 2)).toEqual(['A: short']);
    expect(answerLines('', 60, 2)).toEqual(['A: — (Enter to answer)']);
  });
});

describe('the 5 Whys frame fits the body at every size and in every mode', () => {
  const sizes = [
    { columns: 40, rows: 12 },
    { columns: 80, rows: 19 },
    { columns: 100, rows: 40 },
  ];
  for (const size of sizes) {
    it(`${size.columns}x${size.rows}: tree, form, tags and evidence stay inside the terminal`, async () => {
      const { mount } = await import('./timeline-helpers.js');
      const { checkoutSession } = await import('./timeline-fixture.js');
      const { reduce } = await import('../../src/domain/reducer.js');
      const whys = (await import('../../src/ui/steps/whys/index.js')).default;
      let s = checkoutSession();
      for (let i = 0; i < 30; i++)
        s = reduce(s, {
          type: 'whys/add',
          node: { id: `n${i}`, parentId: i ? `n${i - 1}` : 'root', mode: 'why', question: `Why ${i}? ${'long words '.repeat(12)}`, answer: `because ${'reasons '.repeat(20)}`, evidence: [], tags: [], mark: 'open', proposedBy: 'facilitator', factorId: null },
        });
      const t = await mount(whys, s, size);
      const fits = (what: string) => {
        const lines = t.frame().split('\n');
        expect(lines.length, `${what}:\n${t.frame()}`).toBeLessThanOrEqual(size.rows - 1);
        for (const l of lines) expect(l.length, `${what}: ${l}`).toBeLessThanOrEqual(size.columns);
      };
      try {
        fits('tree');
        for (let i = 0; i < 20; i++) await t.press('nav.down');
        fits('tree, scrolled');
        await t.press('item.edit');
        fits('form');
        await t.press('edit.cancel');
        await t.press('whys.tag');
        fits('tags');
        await t.press('overlay.close');
        await t.press('whys.evidence');
        await t.press('timeline.filter');
        fits('evidence');
      } finally {
        t.unmount();
      }
    });
  }
});
