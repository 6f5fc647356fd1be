// Every time and number that appears in more than one document is the same everywhere.
import { describe, expect, it } from 'vitest';
import { computeImpact } from '../../src/domain/impact.js';
import { draftComms } from '../../src/report/comms.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { statuspageIncident } from '../../src/report/statuspage.js';
import { checkoutSession, hl7Session, NOW } from './helpers/sessions.js';

function htmlText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('one fact base, many documents', () => {
  const s = checkoutSession();
  const r = computeImpact(s);
  const md = renderMarkdown(s, NOW);
  const html = htmlText(renderHtml(s, NOW));
  const status = draftComms(s, { kind: 'status' }).map((d) => `${d.title}\n${d.body}`).join('\n');
  const emails = draftComms(s, { kind: 'email' }).map((d) => `${d.title}\n${d.body}`).join('\n');
  const exec = draftComms(s, { kind: 'exec' })[0]!.body;
  const sp = statuspageIncident(s);
  const spText = sp.incident_updates.map((u) => u.body).join('\n');
  const docs = { md, html, status, emails, exec, spText };

  it('the executive summary in the post-mortem is the exec draft, word for word', () => {
    for (const p of exec.split('\n\n')) {
      expect(md).toContain(p.replace(/_/g, '\\_').replace(/\*/g, '\\*'));
      expect(html).toContain(p);
    }
  });

  it('the figures shared by documents use the one display string', () => {
    const failed = r.byKey.failedRequests!.display; // "9,498 of 98,910 (9.60%)"
    expect(md).toContain(failed);
    expect(html).toContain(failed);
    for (const d of [md, html, exec, emails]) expect(d).toContain('9,498 of 98,910');
    for (const d of [md, html, exec, emails, status, spText]) expect(d).toContain('9.60%');
    for (const d of [md, html, exec]) {
      expect(d).toContain(r.byKey.revenueAtRisk!.display);
      expect(d).toContain(r.byKey.sloBudgetConsumed!.display);
      expect(d).toContain(r.byKey.slaAvailability!.display);
    }
    for (const d of [md, html, exec, emails, status, spText]) expect(d).toContain(r.byKey.timeToMitigate!.display);
    expect(emails).toContain('99.927%');
  });

  it('the key moments read the same in every document', () => {
    for (const d of Object.values(docs)) {
      expect(d).toContain('14:02'); // impact start
      expect(d).toContain('14:41'); // mitigated
    }
    for (const d of [status, emails, exec, spText]) {
      expect(d).toContain('14:02 UTC');
      expect(d).toContain('14:41 UTC');
    }
    for (const d of [md, html].map((x) => x.replace(/\*\*/g, '').replace(/\s+:/g, ':').replace(/\s+/g, ' '))) {
      expect(d).toContain('impact start: 14:02');
      expect(d).toContain('mitigated: 14:41 (+38 min 27 s after impact start)');
    }
    expect(md).toContain('| Impact | 14:02 UTC to 14:41 UTC |');
    // resolved in every document that names it
    for (const d of [md, html, status, emails, exec, spText]) expect(d).toContain('14:58');
  });

  it('no document shows a time the others disagree with for the same moment', () => {
    // every HH:MM after "impact start" / "mitigated" / "resolved" anywhere is the session's
    const clock = (d: string, word: string) => [...d.matchAll(new RegExp(`${word}\\W{1,4}(\\d\\d:\\d\\d)`, 'g'))].map((m) => m[1]);
    for (const d of [md, html]) {
      expect(new Set(clock(d, 'impact start'))).toEqual(new Set(['14:02']));
      expect(new Set(clock(d, 'resolved'))).toEqual(new Set(['14:58']));
    }
  });

  it('statuspage and the comms drafts agree on the posting times', () => {
    const titles = draftComms(s, { kind: 'status' }).map((d) => d.at);
    expect(sp.incident_updates.map((u) => u.display_at).reverse()).toEqual(titles.map((t) => new Date(t!).toISOString()));
  });

  it('an audience zone changes every time in the drafts together, and the zone is named', () => {
    const ie = hl7Session();
    const d = draftComms(ie, { kind: 'email', tier: 'enterprise' })[0]!.body;
    expect(d).toContain('Between 07:03 UTC+1 and 10:58 UTC+1');
    expect(d).toContain('resolved at 11:35 UTC+1');
    const md2 = renderMarkdown(ie, NOW);
    expect(md2).toContain('- **impact start**: 07:03');
    expect(md2).toContain('| Impact | 07:03 UTC+1 to 10:58 UTC+1 |');
  });
});
