import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { wrap } from '../../src/report/svg.js';
import { apply, checkoutSession, ev, NOW } from './helpers/sessions.js';

describe('renderHtml', () => {
  const html = renderHtml(checkoutSession(), NOW);

  it('is one self-contained page: inline CSS, no external resources, scripts blocked by CSP', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<(script|link|iframe|img)\b/i);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('has the sections in the same order as the Markdown', () => {
    const h2 = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(h2).toEqual([
      'Executive summary',
      'Impact',
      'Timeline',
      'Root cause analysis',
      'Contributing factors',
      'What went well',
      'What could have gone better',
      'Where we got lucky',
      'Action items',
      'Decisions',
      'Parking lot',
      'Key moments',
    ]);
  });

  it('draws the why-tree and the key moments as inline SVG, with the Mermaid sources kept', () => {
    const svgs = html.match(/<svg\b[^>]*class="diagram ([a-z-]+)"/g) ?? [];
    expect(svgs.map((x) => /class="diagram ([a-z-]+)"/.exec(x)![1])).toEqual(['why-tree', 'key-moments']);
    // one box per why-node (root + 4) and one marker per key moment (5)
    const tree = html.split('class="diagram why-tree"')[1]!.split('</svg>')[0]!;
    expect(tree.match(/<rect /g)).toHaveLength(5);
    expect(tree.match(/<path /g)).toHaveLength(4);
    const tl = html.split('class="diagram key-moments"')[1]!.split('</svg>')[0]!;
    expect(tl.match(/<circle /g)).toHaveLength(5);
    expect(tl).toContain('>14:02<');
    expect(html.match(/<pre class="mermaid">/g)).toHaveLength(2);
    expect(html).toContain('<pre class="mermaid">flowchart TD');
  });

  it('escapes imported text everywhere (tables, lists, SVG, Mermaid source)', () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(1)>"\'&';
    const s = apply(
      checkoutSession(),
      { type: 'timeline/add', event: ev('2024-03-12T14:30:00Z', 'message', evil, { id: 'evil' }) },
      { type: 'whys/edit', id: 'w1', patch: { answer: `</text></svg>${evil}` } },
      { type: 'review/add', list: 'wentWell', text: evil },
      { type: 'incident/update', patch: { title: `</title>${evil}` } },
    );
    const out = renderHtml(s, NOW);
    expect(out).not.toMatch(/<(script|img)\b/i);
    expect(out).not.toContain('</text></svg><');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
    expect(out.match(/<\/title>/g)).toHaveLength(1);
    expect(out.match(/<svg\b/g)).toHaveLength(2);
    expect(out.match(/<\/svg>/g)).toHaveLength(2);
  });
});

describe('wrap', () => {
  it('wraps on words, splits long words and clips to the line limit', () => {
    expect(wrap('one two three four', 9, 3)).toEqual(['one two', 'three', 'four']);
    expect(wrap('abcdefghijkl', 5, 5)).toEqual(['abcde', 'fghij', 'kl']);
    expect(wrap('a b c d e f', 3, 2)).toEqual(['a b', 'c …']);
  });
});
