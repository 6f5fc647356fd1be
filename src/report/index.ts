// The report layer's entry points: one renderer per export format, all derived from the same facts.
import type { Session } from '../domain/schema.js';
import { renderActionsJson, renderCsv, renderGithub } from './actions.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderStatuspage } from './statuspage.js';

export { computeImpact } from '../domain/impact.js';
export { draftComms, commsText, checkDraft, commsFactSheet, reviewModelDraft, PHASES, TIERS, type CommsDraft, type CommsKind, type DraftFinding, type Tier, type Phase } from './comms.js';
export { buildFacts, findLeaks } from './facts.js';
export { renderMarkdown, renderHtml, renderStatuspage, renderCsv, renderGithub, renderActionsJson };

export const EXPORT_FORMATS = ['md', 'html', 'csv', 'github', 'json', 'statuspage'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = {
  md: 'md',
  html: 'html',
  csv: 'csv',
  github: 'sh',
  json: 'json',
  statuspage: 'json',
};

/** The marker md, html and github exports carry, so a later export may replace the file. */
export function exportMarker(id: string): string {
  return `debrief export: session ${id}`;
}

export function renderExport(session: Session, format: ExportFormat, now: string | number | Date, opts: { tz?: string } = {}): string {
  switch (format) {
    case 'md':
      return `<!-- ${exportMarker(session.id)} -->\n${renderMarkdown(session, now, opts)}`;
    case 'html':
      return renderHtml(session, now, opts).replace('<!doctype html>\n', `<!doctype html>\n<!-- ${exportMarker(session.id)} -->\n`);
    case 'csv':
      return renderCsv(session);
    case 'github':
      return renderGithub(session).replace('\nset -euo pipefail', `\n# ${exportMarker(session.id)}\nset -euo pipefail`);
    case 'json':
      return renderActionsJson(session);
    case 'statuspage':
      return renderStatuspage(session, opts);
  }
}

/** Whether an existing file's content is a debrief export of this session in this format (safe to replace). */
export function isExportOf(format: ExportFormat, text: string, id: string): boolean {
  switch (format) {
    case 'md':
    case 'html':
    case 'github':
      return text.includes(exportMarker(id));
    case 'csv':
      return text.startsWith('Summary,Description,Assignee,Due date,Priority,Labels') && text.includes(`incident-${id}`);
    case 'json':
    case 'statuspage':
      try {
        const v = JSON.parse(text) as { id?: unknown; incident?: { id?: unknown } };
        return format === 'json' ? v.incident?.id === id : v.id === id && Array.isArray((v as { incident_updates?: unknown }).incident_updates);
      } catch {
        return false;
      }
  }
}
