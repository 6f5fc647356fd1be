// The bundled demo session: every document the room gets from it, consistent and leak-free.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImpactReport } from '../../src/domain/impact.js';
import type { Session } from '../../src/domain/schema.js';
import type { CommsDraft } from '../../src/report/comms.js';
import { loadDemo } from '../../src/cli/demo.js';
import { computeImpact } from '../../src/domain/impact.js';
import { draftComms } from '../../src/report/comms.js';
import { findLeaks } from '../../src/report/facts.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { statuspageIncident } from '../../src/report/statuspage.js';

describe('the demo session', () => {
  let s: Session;
  let r: ImpactReport;
  let drafts: CommsDraft[];
  beforeAll(async () => {
    s = await loadDemo();
    r = computeImpact(s, { confirmedOnly: true });
    drafts = [...draftComms(s, { kind: 'status' }), ...draftComms(s, { kind: 'email' }), ...draftComms(s, { kind: 'exec' })];
  });

  it('gets the README figures', () => {
    expect(Math.round(r.byKey.failedRequests!.value)).toBe(9498);
    expect(r.byKey.sloBudgetConsumed!.display).toMatch(/^15\.6% of the 61,000-request budget/);
    expect(r.byKey.slaAvailability!.display).toMatch(/^99\.927% .*breached, 10% service credit$/);
    expect(r.byKey.timeToDetect!.display).toBe('8 min 17 s');
  });

  it('gets four status updates, three emails and the executive summary, none leaking internal names', () => {
    expect(drafts.map((d) => d.key)).toEqual(['status:investigating', 'status:identified', 'status:monitoring', 'status:resolved', 'email:enterprise', 'email:api', 'email:free', 'exec']);
    for (const d of drafts) {
      expect(findLeaks(`${d.title}\n${d.body}`, s), d.key).toEqual([]);
      expect(d.body, d.key).not.toMatch(/undefined|NaN|null/);
    }
  });

  it('the full post-mortem in Markdown and HTML, sharing the figures with the comms', () => {
    const md = renderMarkdown(s, '2026-11-28T00:00:00Z');
    const html = renderHtml(s, '2026-11-28T00:00:00Z');
    for (const title of ['Executive summary', 'Impact', 'Timeline', 'Root cause analysis', 'Contributing factors', 'Action items']) {
      expect(md).toContain(`\n## ${title}\n`);
      expect(html).toContain(`<h2>${title}</h2>`);
    }
    const exec = drafts.at(-1)!.body;
    for (const fig of [r.byKey.failedRequests!.display, r.byKey.revenueAtRisk!.display, r.byKey.timeToMitigate!.display]) {
      expect(md).toContain(fig);
      expect(html).toContain(fig);
    }
    expect(exec).toContain(r.byKey.revenueAtRisk!.display);
    expect(statuspageIncident(s).incident_updates).toHaveLength(4);
  });
});
