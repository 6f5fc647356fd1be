// The post-mortem as one self-contained HTML page: inline CSS, diagrams as inline SVG (no network),
// the Mermaid sources kept in <pre class="mermaid">. HTML-escaped everywhere. Pure.
import type { Session } from '../domain/schema.js';
import { oneLine } from '../domain/text.js';
import { buildPostMortem, type Block, type Inline, type ListItem, type PostMortem } from './document.js';
import { escapeXml, timelineSvg, whyTreeSvg } from './svg.js';

export const escapeHtml = escapeXml;

const CSS = `
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d232c; max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.7rem; margin-bottom: .5rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #d9dde3; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-bottom: .3rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: .9rem; }
th, td { border: 1px solid #d9dde3; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f4f5f7; }
table.meta { width: auto; }
table.meta th { width: 9rem; }
svg.diagram { max-width: 100%; height: auto; display: block; }
.diagram-wrap { overflow-x: auto; border: 1px solid #d9dde3; border-radius: 6px; padding: .5rem; background: #fff; }
details { margin: .4rem 0 1rem; }
pre.mermaid { background: #f4f5f7; padding: .6rem; overflow-x: auto; font-size: .8rem; white-space: pre; }
em { color: #5b6472; }
`;

function inline(parts: Inline[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return escapeXml(p.replace(/[\r\n]+/g, ' '));
      if ('strong' in p) return `<strong>${escapeXml(oneLine(p.strong))}</strong>`;
      if ('em' in p) return `<em>${escapeXml(oneLine(p.em))}</em>`;
      return `<code>${escapeXml(oneLine(p.code))}</code>`;
    })
    .join('');
}

function list(items: ListItem[]): string {
  return `<ul>${items.map((i) => `<li>${inline(i.parts)}${i.children ? list(i.children) : ''}</li>`).join('')}</ul>`;
}

function block(b: Block, doc: PostMortem, session: Session): string {
  switch (b.t) {
    case 'p':
      return `<p>${inline(b.parts)}</p>`;
    case 'h3':
      return `<h3>${escapeXml(oneLine(b.text))}</h3>`;
    case 'table':
      return `<table><thead><tr>${b.head.map((h) => `<th>${escapeXml(oneLine(h))}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map((r) => `<tr>${r.map((c) => `<td>${escapeXml(oneLine(c))}</td>`).join('')}</tr>`)
        .join('\n')}</tbody></table>`;
    case 'list':
      return list(b.items);
    case 'diagram': {
      const svg = b.kind === 'whys' ? whyTreeSvg(session) : timelineSvg(doc.facts);
      return `<div class="diagram-wrap">${svg}</div>\n<details><summary>Mermaid source</summary><pre class="mermaid">${escapeXml(b.mermaid)}</pre></details>`;
    }
  }
}

export function htmlFrom(doc: PostMortem, session: Session): string {
  const title = `Post-mortem: ${doc.title}`;
  const body: string[] = [
    `<h1>${escapeXml(title)}</h1>`,
    `<table class="meta"><tbody>${doc.meta.map(([k, v]) => `<tr><th>${escapeXml(k)}</th><td>${escapeXml(oneLine(v))}</td></tr>`).join('')}</tbody></table>`,
  ];
  for (const s of doc.sections) {
    body.push(`<section id="${escapeXml(s.id)}"><h2>${escapeXml(s.title)}</h2>`);
    for (const b of s.blocks) body.push(block(b, doc, session));
    body.push('</section>');
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeXml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}

/** The post-mortem as one self-contained HTML page (times in the incident's zone, or `opts.tz`). */
export function renderHtml(session: Session, now: string | number | Date, opts: { tz?: string } = {}): string {
  return htmlFrom(buildPostMortem(session, now, opts), session);
}
