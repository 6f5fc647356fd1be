// The post-mortem as Markdown. Every piece of text is sanitised and escaped, so imported chat text
// cannot add headings, tables, HTML, links or code fences. Pure: `now` is passed in.
import type { Session } from '../domain/schema.js';
import { oneLine } from '../domain/text.js';
import { buildPostMortem, type Block, type Inline, type ListItem, type PostMortem } from './document.js';

/** Escape text for inline Markdown: backslash-escape the characters that make structure. */
export function escapeMd(text: string, lineStart = true): string {
  let t = oneLine(text).replace(/[\\`*_{}[\]<>|~!#]/g, (ch) => `\\${ch}`);
  t = t.replace(/&/g, '&amp;');
  // things that only mean something at the start of a line (a list item, a setext underline)
  if (lineStart) t = t.replace(/^([-+=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
  return t;
}

/** A table cell: escaped, on one line. */
export function escapeCell(text: string): string {
  return escapeMd(text, false) || ' ';
}

function inline(parts: Inline[]): string {
  return parts
    .map((p, i) => {
      const first = i === 0;
      if (typeof p === 'string') return (p.startsWith(' ') ? ' ' : '') + escapeMd(p, first);
      if ('strong' in p) return `**${escapeMd(p.strong, false)}**`;
      if ('em' in p) return `_${escapeMd(p.em, false)}_`;
      return `\`${oneLine(p.code).replace(/`/g, "'")}\``;
    })
    .join('');
}

function list(items: ListItem[], depth = 0): string[] {
  const out: string[] = [];
  for (const it of items) {
    out.push(`${'  '.repeat(depth)}- ${inline(it.parts)}`);
    if (it.children) out.push(...list(it.children, depth + 1));
  }
  return out;
}

function table(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.map(escapeCell).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`),
  ];
}

function block(b: Block): string {
  switch (b.t) {
    case 'p':
      return inline(b.parts);
    case 'h3':
      return `### ${escapeMd(b.text)}`;
    case 'table':
      return table(b.head, b.rows).join('\n');
    case 'list':
      return list(b.items).join('\n');
    case 'diagram':
      return ['```mermaid', b.mermaid, '```'].join('\n');
  }
}

export function markdownFrom(doc: PostMortem): string {
  const out: string[] = [`# Post-mortem: ${escapeMd(doc.title)}`, '', ...table(['Field', 'Value'], doc.meta), ''];
  for (const s of doc.sections) {
    out.push(`## ${s.title}`, '');
    for (const b of s.blocks) out.push(block(b), '');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** The Markdown post-mortem (times in the incident's zone, or `opts.tz`). */
export function renderMarkdown(session: Session, now: string | number | Date, opts: { tz?: string } = {}): string {
  return markdownFrom(buildPostMortem(session, now, opts));
}
