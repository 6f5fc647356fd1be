// Mermaid sources for the why-tree (flowchart) and the key moments (timeline). Labels are sanitised
// and entity-encoded so text cannot break out of a label, the diagram, or a Markdown code fence. Pure.
import type { Session, WhyNode } from '../domain/schema.js';
import { clip, oneLine } from '../domain/text.js';
import type { Facts } from './facts.js';

/** Encode a label for Mermaid as entity codes (#35; #quot; #60; ...), in one pass. */
export function mermaidText(text: string, max = 80): string {
  // one pass, so the '#' of an inserted code is never encoded again
  return clip(oneLine(text), max).replace(/[#"<>`:;[\]{}()|&]/g, (ch) => (ch === '"' ? '#quot;' : `#${ch.charCodeAt(0)};`));
}

const MARK_CLASS: Record<string, string> = { trigger: 'trigger', contributing: 'contributing', systemic: 'systemic' };

export function whyTreeMermaid(session: Session): string {
  const { nodes, rootId } = session.whys;
  const ids = new Map<string, string>();
  const lines = ['flowchart TD'];
  const edges: string[] = [];
  const classes: string[] = [];
  const visit = (id: string) => {
    const n: WhyNode | undefined = nodes[id];
    if (!n || ids.has(id)) return;
    const mid = `n${ids.size}`;
    ids.set(id, mid);
    const label = `${mermaidText(n.question, 70)}<br/>${mermaidText(n.answer || '(not answered yet)', 90)}`;
    lines.push(`  ${mid}["${label}"]`);
    if (MARK_CLASS[n.mark]) classes.push(`  class ${mid} ${MARK_CLASS[n.mark]}`);
    for (const c of n.children) {
      visit(c);
      const cid = ids.get(c);
      if (cid) edges.push(`  ${mid} --> ${cid}`);
    }
  };
  visit(rootId);
  return [
    ...lines,
    ...edges,
    '  classDef trigger fill:#fde2e1,stroke:#c0392b',
    '  classDef contributing fill:#fff4d6,stroke:#b7791f',
    '  classDef systemic fill:#e3ecfb,stroke:#2b5fb4',
    ...classes,
  ].join('\n');
}

export function timelineMermaid(f: Facts): string {
  const lines = ['timeline', `  title Key moments (${mermaidText(f.clock.zone(f.moment.impactStart?.at))})`];
  for (const m of f.moments) lines.push(`  ${mermaidText(m.time)} : ${mermaidText(m.label)}`);
  return lines.join('\n');
}
