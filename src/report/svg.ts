// Inline SVG for the HTML page (no network, no Mermaid runtime): the why-tree and the key moments.
// Every piece of text is sanitised and XML-escaped. Pure.
import type { Session, WhyNode } from '../domain/schema.js';
import { oneLine } from '../domain/text.js';
import type { Facts } from './facts.js';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** Greedy word wrap to `width` characters, at most `maxLines` lines (the last one clipped with …). */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const words = oneLine(text).split(' ').filter(Boolean);
  const lines: string[] = [];
  let cur = '';
  for (let w of words) {
    while (w.length > width) {
      if (cur) {
        lines.push(cur);
        cur = '';
      }
      lines.push(w.slice(0, width));
      w = w.slice(width);
    }
    if (!cur) cur = w;
    else if (cur.length + 1 + w.length <= width) cur += ` ${w}`;
    else {
      lines.push(cur);
      cur = w;
    }
  }
  if (cur) lines.push(cur);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, width - 1)}…`;
    return kept;
  }
  return lines;
}

const FILL: Record<string, [string, string]> = {
  open: ['#f4f5f7', '#8a93a3'],
  trigger: ['#fde2e1', '#c0392b'],
  contributing: ['#fff4d6', '#b7791f'],
  systemic: ['#e3ecfb', '#2b5fb4'],
};

interface Placed {
  node: WhyNode;
  x: number;
  y: number;
  lines: string[];
  qLines: number;
}

const BOX_W = 240;
const GAP_X = 24;
const LINE_H = 15;
const GAP_Y = 46;
const Q_CHARS = 30;
const A_CHARS = 34;

export function whyTreeSvg(session: Session): string {
  const { nodes, rootId } = session.whys;
  const placed: Placed[] = [];
  const edges: Array<[Placed, Placed]> = [];
  let nextSlot = 0;
  const depthHeight: number[] = [];
  const seen = new Set<string>();
  const layout = (id: string, depth: number): Placed | null => {
    const n = nodes[id];
    if (!n || seen.has(id)) return null;
    seen.add(id);
    const q = wrap(n.question, Q_CHARS, 3);
    const a = wrap(n.answer || '(not answered yet)', A_CHARS, 4);
    const lines = [...q, ...a];
    const h = lines.length * LINE_H + 16;
    depthHeight[depth] = Math.max(depthHeight[depth] ?? 0, h);
    const kids = n.children.map((c) => layout(c, depth + 1)).filter((x): x is Placed => !!x);
    let x: number;
    if (kids.length) x = (kids[0]!.x + kids[kids.length - 1]!.x) / 2;
    else x = nextSlot++ * (BOX_W + GAP_X);
    const p: Placed = { node: n, x, y: depth, lines, qLines: q.length };
    placed.push(p);
    for (const k of kids) edges.push([p, k]);
    return p;
  };
  layout(rootId, 0);
  const rowY: number[] = [];
  let acc = 10;
  for (let d = 0; d < depthHeight.length; d++) {
    rowY[d] = acc;
    acc += (depthHeight[d] ?? 0) + GAP_Y;
  }
  const width = Math.max(1, nextSlot) * (BOX_W + GAP_X) + 10;
  const height = acc - GAP_Y + 10;
  const boxH = (p: Placed) => p.lines.length * LINE_H + 16;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="diagram why-tree" role="img" aria-label="Why-tree" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="12">`,
  ];
  for (const [a, b] of edges) {
    const x1 = a.x + 5 + BOX_W / 2;
    const y1 = rowY[a.y]! + boxH(a);
    const x2 = b.x + 5 + BOX_W / 2;
    const y2 = rowY[b.y]!;
    const my = (y1 + y2) / 2;
    out.push(`<path d="M${x1} ${y1} C${x1} ${my} ${x2} ${my} ${x2} ${y2}" fill="none" stroke="#8a93a3" stroke-width="1.5"/>`);
  }
  for (const p of placed) {
    const [fill, stroke] = FILL[p.node.mark] ?? FILL.open!;
    const x = p.x + 5;
    const y = rowY[p.y]!;
    out.push(`<g class="node mark-${escapeXml(p.node.mark)}">`);
    out.push(`<rect x="${x}" y="${y}" width="${BOX_W}" height="${boxH(p)}" rx="6" fill="${fill}" stroke="${stroke}" stroke-width="1.5"/>`);
    p.lines.forEach((line, i) => {
      const weight = i < p.qLines ? ' font-weight="600"' : '';
      out.push(`<text x="${x + 8}" y="${y + 18 + i * LINE_H}"${weight}>${escapeXml(line)}</text>`);
    });
    if (p.node.mark !== 'open') out.push(`<text x="${x + BOX_W - 6}" y="${y + boxH(p) - 5}" text-anchor="end" font-size="10" fill="${stroke}">${escapeXml(p.node.mark)}</text>`);
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}

export function timelineSvg(f: Facts): string {
  const ms = f.moments;
  const step = 170;
  const width = Math.max(1, ms.length) * step + 40;
  const height = 140;
  const k = f.impact.byKey;
  const delta: Record<string, string | undefined> = {
    detected: k.timeToDetect?.display,
    acknowledged: k.timeToAcknowledge?.display,
    mitigated: k.timeToMitigate?.display,
    resolved: k.timeToResolve?.display,
  };
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="diagram key-moments" role="img" aria-label="Key moments" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<text x="20" y="16" fill="#5b6472" font-size="11">Times in ${escapeXml(f.clock.zone(f.moment.impactStart?.at))}</text>`,
    `<line x1="20" y1="70" x2="${width - 20}" y2="70" stroke="#8a93a3" stroke-width="2"/>`,
  ];
  ms.forEach((m, i) => {
    const x = 20 + step / 2 + i * step;
    out.push(`<circle cx="${x}" cy="70" r="7" fill="#2b5fb4"/>`);
    out.push(`<text x="${x}" y="50" text-anchor="middle" font-weight="600">${escapeXml(m.label)}</text>`);
    out.push(`<text x="${x}" y="96" text-anchor="middle">${escapeXml(m.time)}</text>`);
    const d = delta[m.key];
    if (d) out.push(`<text x="${x}" y="114" text-anchor="middle" fill="#5b6472" font-size="11">+${escapeXml(d)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
