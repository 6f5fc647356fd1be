import { describe, expect, it } from 'vitest';
import { escapeMd, renderMarkdown } from '../../src/report/markdown.js';
import { mermaidText } from '../../src/report/mermaid.js';
import { apply, certSession, checkoutSession, ev, NOW } from './helpers/sessions.js';

const REQUIRED = [
  'Executive summary',
  'Impact',
  'Timeline',
  'Root cause analysis',
  'Contributing factors',
  'What went well',
  'What could have gone better',
  'Where we got lucky',
  'Action items',
];

function headings(md: string): string[] {
  return [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
}

describe('renderMarkdown', () => {
  const s = checkoutSession();
  const md = renderMarkdown(s, NOW);

  it('has the sections in order, then decisions, parking lot and the key-moments timeline', () => {
    expect(headings(md)).toEqual([...REQUIRED, 'Decisions', 'Parking lot', 'Key moments']);
  });

  it('the required sections are there even for an empty session, and optional ones are left out', () => {
    const bare = apply(certSession(), { type: 'incident/update', patch: { title: 'Bare' } });
    expect(headings(renderMarkdown(bare, NOW)).slice(0, REQUIRED.length)).toEqual(REQUIRED);
    expect(headings(renderMarkdown(bare, NOW))).not.toContain('Decisions');
  });

  it('starts with a metadata table', () => {
    const head = md.split('## Executive summary')[0]!;
    for (const row of ['| Severity | SEV1 |', '| Date | 2024-03-12 (UTC) |', '| Duration | 55 min 45 s (impact start to resolved) |', '| Services | checkout-api |', '| Authors | Alice Chen, Bob Marsh |', '| Status | in review |'])
      expect(head).toContain(row);
  });

  it('impact figures come with their formulae', () => {
    expect(md).toContain('| Failed requests | 9,498 of 98,910 (9.60%) | sum over the window of (error ratio × request rate × step) |');
    expect(md).toContain('| Revenue at risk | EUR 84,576 | failed transactions × abandon rate × average order value |');
  });

  it('timeline rows carry sources and the detection gap; unconfirmed events are left out', () => {
    expect(md).toContain('| 14:08 · noticed 14:24, +16m | alert | Warning CheckoutDBPoolSaturation posted in \\#payments | slack |');
    expect(md).toContain('| 14:10 · noticed 14:11, +32s | alert |');
    expect(md).not.toContain('UNCONFIRMED rumour');
    expect(md).toContain('1 proposed event not yet confirmed, left out.');
  });

  it('the why-tree is a nested list with marks, plus a Mermaid flowchart', () => {
    expect(md).toMatch(/^ {2}- \*\*Why did the connection pool saturate\?\*\* Each promo checkout ran a 1\.9 s sequential scan\. _\\\[trigger, deployment\\\]_$/m);
    expect(md).toMatch(/^ {6}- \*\*Why did tests not catch it\?\*\*/m);
    expect(md).toContain('```mermaid\nflowchart TD\n');
    expect(md).toContain('  n1 --> n2');
    expect(md).toContain('  class n3 systemic');
  });

  it('factors by type; mitigators under where we got lucky', () => {
    const cf = md.split('## Contributing factors')[1]!.split('## What went well')[0]!;
    expect(headings(cf.replace(/^### /gm, '## '))).toEqual(['Trigger', 'Contributing', 'Systemic']);
    expect(md.split('## Where we got lucky')[1]!.split('## Action items')[0]).toContain('cached base image');
  });

  it('action items table: owner, due, horizon, priority, factor, done when', () => {
    expect(md).toContain('| Title | Owner | Due | Horizon | Priority | Factor addressed | Done when | Status |');
    expect(md).toContain('| Add a functional index on lower(code) for promo\\_redemptions | backend team (Alice Chen) | 2024-03-19 | immediate (this week) | P1 |');
  });

  it('a Mermaid timeline of the key moments', () => {
    expect(md).toContain('```mermaid\ntimeline\n  title Key moments (UTC)\n  14#58;02 : impact start\n');
  });
});

describe('injection in imported text stays inert', () => {
  const evil = '| # <script>alert(1)</script> ``` `x` [link](javascript:alert(1)) ![img](http://x/y.png) <img src=x onerror=alert(1)>';
  const s = apply(
    checkoutSession(),
    { type: 'timeline/add', event: ev('2024-03-12T14:30:00Z', 'message', evil, { id: 'evil' }) },
    { type: 'timeline/add', event: ev('2024-03-12T14:31:00Z', 'message', '# Fake heading\n\n## Another\n- list\n```\ncode', { id: 'evil2' }) },
    { type: 'review/add', list: 'wentWell', text: '## Injected heading\n| a | b |' },
    { type: 'whys/edit', id: 'w1', patch: { answer: 'ends"] --> x["pwn ``` </pre><script>' } },
  );
  const md = renderMarkdown(s, NOW);

  it('no extra headings, no raw HTML, no links or images', () => {
    expect(headings(md)).toEqual([...REQUIRED, 'Decisions', 'Parking lot', 'Key moments']);
    expect(md).not.toMatch(/^#{1,6} (Fake|Another|Injected)/m);
    expect(md).not.toMatch(/(?<!\\)<(script|img|\/pre)/i);
    expect(md).toContain("\\<script\\>");
    expect(md).not.toMatch(/(?<!\\)\[link\]\(/);
    expect(md).not.toMatch(/(?<!\\)!\\?\[img/);
  });

  it('table rows keep their column count', () => {
    const row = md.split('\n').find((l) => l.includes('alert(1)') && l.startsWith('| 14:30'))!;
    const cells = row.split(/(?<!\\)\|/).length - 2;
    expect(cells).toBe(4);
  });

  it('code fences stay balanced: only the two Mermaid fences open and close', () => {
    const fences = md.split('\n').filter((l) => /^\s*```/.test(l));
    expect(fences).toEqual(['```mermaid', '```', '```mermaid', '```']);
  });

  it('mermaid labels cannot close the label or the fence', () => {
    const flow = md.split('```mermaid\nflowchart TD\n')[1]!.split('\n```')[0]!;
    expect(flow).not.toContain('```');
    expect(flow).not.toContain('"] --> x["');
    expect(flow).toContain('ends#quot;#93; --#62; x#91;#quot;pwn #96;#96;#96;');
    expect(mermaidText('a#b')).toBe('a#35;b');
  });

  it('escapeMd escapes structure characters and line-start markers', () => {
    expect(escapeMd('# h')).toBe('\\# h');
    expect(escapeMd('1. item')).toBe('1\\. item');
    expect(escapeMd('- item')).toBe('\\- item');
    expect(escapeMd('a|b')).toBe('a\\|b');
    expect(escapeMd('<b>&amp;')).toBe('\\<b\\>&amp;amp;');
    expect(escapeMd('\u001b[31mred\u001b[0m')).toBe('red');
  });
});

describe('multi-day incidents', () => {
  it('timeline times carry their date when the incident spans days', () => {
    const s = apply(certSession(), { type: 'timeline/add', event: ev('2024-05-06T02:14:07Z', 'metric', 'x509 errors begin', { id: 'c1' }) });
    const md = renderMarkdown(s, NOW);
    expect(md).toContain('| Mon 2024-05-06 02:14 | metric | x509 errors begin |');
    expect(md).toContain('- **mitigated**: Wed 2024-05-08 09:47 (+55 h 32 min 53 s after impact start)');
  });
});
