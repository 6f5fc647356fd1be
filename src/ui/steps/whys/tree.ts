// The 5 Whys step's visible-row model: flatten the why-tree with its collapse state, and move through it.
// Pure: the view passes the nodes and the set of collapsed ids.
import type { WhyNode } from '../../../domain/schema.js';

export interface TreeRow {
  id: string;
  depth: number;
  hasChildren: boolean;
  collapsed: boolean;
  /** the last of its siblings */
  last: boolean;
  /** index among its siblings, 0-based, and how many siblings (branching) */
  siblingIndex: number;
  siblingCount: number;
}

/** Depth-first rows of the nodes that are visible (children of collapsed nodes are hidden). */
export function visibleRows(nodes: Record<string, WhyNode>, rootId: string, collapsed: ReadonlySet<string>): TreeRow[] {
  const out: TreeRow[] = [];
  const seen = new Set<string>();
  const walk = (id: string, depth: number, siblingIndex: number, siblingCount: number) => {
    const n = nodes[id];
    if (!n || seen.has(id)) return;
    seen.add(id);
    const kids = n.children.filter((c) => nodes[c]);
    const isCollapsed = kids.length > 0 && collapsed.has(id);
    out.push({
      id,
      depth,
      hasChildren: kids.length > 0,
      collapsed: isCollapsed,
      last: siblingIndex === siblingCount - 1,
      siblingIndex,
      siblingCount,
    });
    if (isCollapsed) return;
    kids.forEach((c, i) => walk(c, depth + 1, i, kids.length));
  };
  walk(rootId, 0, 0, 1);
  return out;
}

/** Where the cursor is in the tree, and which nodes are folded. */
export interface TreeNav {
  /** the selected node id */
  selected: string;
  collapsed: ReadonlySet<string>;
}

/** Move up/down through the visible rows. */
export function moveVertical(rows: readonly TreeRow[], selected: string, delta: number): string {
  if (!rows.length) return selected;
  const i = rows.findIndex((r) => r.id === selected);
  const next = Math.min(rows.length - 1, Math.max(0, (i < 0 ? 0 : i) + delta));
  return rows[next]!.id;
}

/** Left: collapse an expanded node, or go to the parent. */
export function moveLeft(nodes: Record<string, WhyNode>, nav: TreeNav): TreeNav {
  const n = nodes[nav.selected];
  if (!n) return nav;
  const hasKids = n.children.some((c) => nodes[c]);
  if (hasKids && !nav.collapsed.has(n.id)) {
    const collapsed = new Set(nav.collapsed);
    collapsed.add(n.id);
    return { ...nav, collapsed };
  }
  if (n.parentId && nodes[n.parentId]) return { ...nav, selected: n.parentId };
  return nav;
}

/** Right: expand a collapsed node, or go to its first child. */
export function moveRight(nodes: Record<string, WhyNode>, nav: TreeNav): TreeNav {
  const n = nodes[nav.selected];
  if (!n) return nav;
  const first = n.children.find((c) => nodes[c]);
  if (!first) return nav;
  if (nav.collapsed.has(n.id)) {
    const collapsed = new Set(nav.collapsed);
    collapsed.delete(n.id);
    return { ...nav, collapsed };
  }
  return { ...nav, selected: first };
}

/** Depth of a node (root = 0). */
export function depthOf(nodes: Record<string, WhyNode>, id: string): number {
  let d = 0;
  let cur = nodes[id];
  const seen = new Set<string>();
  while (cur?.parentId && !seen.has(cur.id)) {
    seen.add(cur.id);
    d++;
    cur = nodes[cur.parentId];
  }
  return d;
}

/** Make sure every ancestor of `id` is expanded so it is visible. */
export function reveal(nodes: Record<string, WhyNode>, collapsed: ReadonlySet<string>, id: string): ReadonlySet<string> {
  let out: Set<string> | null = null;
  let cur = nodes[id]?.parentId ? nodes[nodes[id]!.parentId!] : undefined;
  const seen = new Set<string>();
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    if (collapsed.has(cur.id)) {
      out ??= new Set(collapsed);
      out.delete(cur.id);
    }
    cur = cur.parentId ? nodes[cur.parentId] : undefined;
  }
  return out ?? collapsed;
}

/** Indentation for a depth, capped so wide trees stay readable; deeper levels show their depth number instead. */
export function indentFor(depth: number, width: number): { indent: number; capped: boolean } {
  const maxIndent = Math.max(4, Math.min(16, Math.floor(width / 5)));
  const want = depth * 2;
  return want > maxIndent ? { indent: maxIndent, capped: true } : { indent: want, capped: false };
}

/** Next selection after a subtree is deleted: the next sibling, else previous sibling, else the parent. */
export function selectionAfterDelete(nodes: Record<string, WhyNode>, id: string): string | null {
  const n = nodes[id];
  if (!n?.parentId) return null;
  const p = nodes[n.parentId];
  if (!p) return null;
  const i = p.children.indexOf(id);
  return p.children[i + 1] ?? p.children[i - 1] ?? p.id;
}
