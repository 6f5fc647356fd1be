// The status updates as a Statuspage incident with `incident_updates` (newest first), the shape in
// reference/input-formats.md section 8. Bodies are the same drafts as `debrief comms --kind status`.
// Pure.
import type { Session, Severity } from '../domain/schema.js';
import { draftComms } from './comms.js';
import { buildFacts, type Phase } from './facts.js';

export interface StatuspageComponent {
  code: string;
  name: string;
  old_status: string;
  new_status: string;
}

export interface StatuspageUpdate {
  id: string;
  incident_id: string;
  status: Phase;
  body: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: StatuspageComponent[] | null;
  deliver_notifications: boolean;
}

export interface StatuspageIncident {
  id: string;
  name: string;
  status: Phase;
  impact: 'none' | 'minor' | 'major' | 'critical';
  created_at: string | null;
  updated_at: string | null;
  started_at: string | null;
  monitoring_at: string | null;
  resolved_at: string | null;
  shortlink: null;
  incident_updates: StatuspageUpdate[];
}

const IMPACT: Record<Severity, StatuspageIncident['impact']> = { SEV1: 'critical', SEV2: 'major', SEV3: 'minor', SEV4: 'none' };
const OUTAGE: Record<Severity, string> = { SEV1: 'major_outage', SEV2: 'partial_outage', SEV3: 'degraded_performance', SEV4: 'degraded_performance' };

function ms3(iso: string): string {
  return new Date(Date.parse(iso)).toISOString();
}

export function statuspageIncident(session: Session, opts: { tz?: string } = {}): StatuspageIncident {
  const f = buildFacts(session, opts);
  const drafts = draftComms(session, { kind: 'status' }, f);
  const code = `cmp-${f.componentName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'service'}`;
  const comp = (old_status: string, new_status: string): StatuspageComponent[] => [{ code, name: f.componentName, old_status, new_status }];
  const outage = OUTAGE[session.incident.severity];
  const updates: StatuspageUpdate[] = [];
  drafts.forEach((d, i) => {
    if (!d.at || !d.phase) return;
    const at = ms3(d.at);
    updates.push({
      id: `u${i + 1}`,
      incident_id: session.id,
      status: d.phase,
      body: d.body,
      created_at: at,
      updated_at: at,
      display_at: at,
      affected_components: d.phase === 'investigating' ? comp('operational', outage) : d.phase === 'resolved' ? comp(outage, 'operational') : null,
      deliver_notifications: true,
    });
  });
  updates.sort((a, b) => Date.parse(b.display_at) - Date.parse(a.display_at));
  const latest = updates[0];
  const by = (p: Phase) => updates.find((u) => u.status === p)?.display_at ?? null;
  return {
    id: session.id,
    name: `Errors affecting ${f.componentName.toLowerCase()}`,
    status: latest?.status ?? 'investigating',
    impact: IMPACT[session.incident.severity],
    created_at: updates[updates.length - 1]?.created_at ?? null,
    updated_at: latest?.updated_at ?? null,
    started_at: f.moment.impactStart ? ms3(f.moment.impactStart.at) : null,
    monitoring_at: by('monitoring'),
    resolved_at: by('resolved'),
    shortlink: null,
    incident_updates: updates,
  };
}

/** Statuspage incident JSON, pretty-printed. */
export function renderStatuspage(session: Session, opts: { tz?: string } = {}): string {
  return `${JSON.stringify(statuspageIncident(session, opts), null, 2)}\n`;
}
