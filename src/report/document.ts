// The post-mortem as a small document model, built once from the fact base and rendered to Markdown
// (markdown.ts) and HTML (html.ts), so both say the same thing. Text here is raw (sanitised, one
// line); each renderer escapes it for its own format. Pure.
import { FACTOR_TYPES, HORIZON_LABELS, STEP_LABELS, STEPS, type FactorType, type Session, type WhyNode } from '../domain/schema.js';
import { formatElapsed, stepElapsed } from '../domain/session.js';
import { formatNumber } from '../domain/impact.js';
import { oneLine, sanitize } from '../domain/text.js';
import { draftComms } from './comms.js';
import { buildFacts, type Facts } from './facts.js';
import { formatGap } from './format.js';
import { timelineMermaid, whyTreeMermaid } from './mermaid.js';

export type Inline = string | { strong: string } | { em: string } | { code: string };

export interface ListItem {
  parts: Inline[];
  children?: ListItem[];
}

export type Block =
  | { t: 'p'; parts: Inline[] }
  | { t: 'h3'; text: string }
  | { t: 'table'; head: string[]; rows: string[][] }
  | { t: 'list'; items: ListItem[] }
  | { t: 'diagram'; kind: 'whys' | 'timeline'; mermaid: string };

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

export interface PostMortem {
  title: string;
  meta: Array<[string, string]>;
  sections: Section[];
  facts: Facts;
}

/** The section titles, in order (the optional ones appear only when they have content). */
export const SECTION_TITLES = [
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
  'Review meeting',
  'Key moments',
] as const;

const FACTOR_TYPE_TITLES: Record<FactorType, string> = {
  trigger: 'Trigger',
  contributing: 'Contributing',
  systemic: 'Systemic',
  mitigator: 'Mitigators',
};

function paras(text: string): Block[] {
  return sanitize(text)
    .split(/\n{2,}/)
    .map((p) => oneLine(p))
    .filter(Boolean)
    .map((p) => ({ t: 'p', parts: [p] }) as Block);
}

function bullets(xs: string[], empty: string): Block[] {
  const items = xs.map((x) => oneLine(x)).filter(Boolean);
  if (!items.length) return [{ t: 'p', parts: [{ em: empty }] }];
  return [{ t: 'list', items: items.map((x) => ({ parts: [x] })) }];
}

function whyItem(nodes: Record<string, WhyNode>, id: string, seen: Set<string>): ListItem | null {
  const n = nodes[id];
  if (!n || seen.has(id)) return null;
  seen.add(id);
  const parts: Inline[] = [{ strong: oneLine(n.question) || '(no question)' }];
  parts.push(` ${oneLine(n.answer) || '(not answered yet)'}`);
  const marks = [n.mark !== 'open' ? n.mark : '', ...n.tags].filter(Boolean);
  if (marks.length) parts.push(' ', { em: `[${marks.join(', ')}]` });
  const children = n.children.map((c) => whyItem(nodes, c, seen)).filter((x): x is ListItem => !!x);
  return children.length ? { parts, children } : { parts };
}

export function sourcesLabel(e: Facts['events'][number]): string {
  const types = [...new Set(e.sources.map((s) => s.type))];
  return types.join(', ') || 'manual';
}

export function buildPostMortem(session: Session, now: string | number | Date, opts: { tz?: string } = {}): PostMortem {
  const f = buildFacts(session, opts);
  const s = session;
  const c = f.clock;
  const k = f.impact.byKey;
  const nowIso = new Date(now).toISOString();
  const zone = c.zone(f.moment.impactStart?.at);

  const meta: Array<[string, string]> = [
    ['Severity', s.incident.severity],
    ['Date', f.moment.impactStart ? `${c.date(f.moment.impactStart.at)} (${zone})` : 'not confirmed'],
    ['Impact', f.moment.impactStart ? `${c.stamp(f.moment.impactStart.at)} to ${f.moment.mitigated ? c.stamp(f.moment.mitigated.at) : 'not confirmed'}` : 'not confirmed'],
    ['Duration', k.timeToResolve ? `${k.timeToResolve.display} (impact start to resolved)` : 'not confirmed'],
    ['Services', s.incident.services.map(oneLine).join(', ') || 'none recorded'],
    ['Authors', s.incident.authors.map(oneLine).join(', ') || 'none recorded'],
    ['Status', s.incident.status],
    ['Generated', `${nowIso.slice(0, 16).replace('T', ' ')} UTC`],
  ];

  const sections: Section[] = [];

  // Executive summary: the same text as the exec comms draft
  const exec = draftComms(s, { kind: 'exec' }, f)[0]!;
  const summary = oneLine(s.incident.summary);
  sections.push({ id: 'executive-summary', title: 'Executive summary', blocks: [...(summary ? [{ t: 'p', parts: [summary] } as Block] : []), ...paras(exec.body)] });

  // Impact
  const impactBlocks: Block[] = [];
  if (f.impact.figures.length) {
    impactBlocks.push({
      t: 'table',
      head: ['Figure', 'Value', 'Formula', 'Inputs'],
      rows: f.impact.figures.map((x) => [
        x.label,
        x.display,
        x.formula,
        Object.entries(x.inputs)
          .map(([key, v]) => `${key}: ${typeof v === 'number' ? formatNumber(v, 6) : v}`)
          .join('; '),
      ]),
    });
  } else impactBlocks.push({ t: 'p', parts: [{ em: 'No figures yet.' }] });
  if (f.impact.missing.length) {
    impactBlocks.push({ t: 'p', parts: ['Not computed, and what each needs:'] });
    impactBlocks.push({ t: 'list', items: f.impact.missing.map((m) => ({ parts: [{ strong: m.label }, `: ${m.missing.join(', ')}`] })) });
  }
  for (const n of f.impact.notes) impactBlocks.push({ t: 'p', parts: [{ em: n }] });
  const ci = oneLine(s.incident.customerImpact);
  if (ci) impactBlocks.unshift({ t: 'p', parts: [{ strong: 'Customer impact:' }, ` ${ci}`] });
  sections.push({ id: 'impact', title: 'Impact', blocks: impactBlocks });

  // Timeline
  const tl: Block[] = [];
  if (f.events.length) {
    tl.push({
      t: 'table',
      head: [`Time (${zone})`, 'Kind', 'What happened', 'Sources'],
      rows: f.events.map((e) => {
        let time = c.time(e.occurredAt);
        if (e.detectedAt) time += ` · noticed ${c.time(e.detectedAt)}, ${formatGap(Date.parse(e.detectedAt) - Date.parse(e.occurredAt))}`;
        const who = e.actor ? `${oneLine(e.actor)}: ` : '';
        const text = oneLine(e.text);
        return [time, e.kind, who && !text.startsWith(oneLine(e.actor ?? '')) ? `${who}${text}` : text, sourcesLabel(e)];
      }),
    });
  } else tl.push({ t: 'p', parts: [{ em: 'No confirmed events yet.' }] });
  if (f.unconfirmed) tl.push({ t: 'p', parts: [{ em: `${f.unconfirmed} proposed event${f.unconfirmed === 1 ? '' : 's'} not yet confirmed, left out.` }] });
  if (f.moments.length) {
    tl.push({ t: 'p', parts: [{ strong: 'Key moments' }] });
    tl.push({
      t: 'list',
      items: f.moments.map((m) => {
        const fig = m.key === 'detected' ? k.timeToDetect : m.key === 'acknowledged' ? k.timeToAcknowledge : m.key === 'mitigated' ? k.timeToMitigate : m.key === 'resolved' ? k.timeToResolve : undefined;
        return { parts: [{ strong: m.label }, `: ${m.time}${fig ? ` (+${fig.display} after impact start)` : ''}`] };
      }),
    });
  }
  if (f.proposed.length)
    tl.push({
      t: 'p',
      parts: [{ em: `Proposed by an import and not confirmed, so not used in any figure: ${f.proposed.map((m) => `${m.label} ${m.time}`).join(', ')}.` }],
    });
  sections.push({ id: 'timeline', title: 'Timeline', blocks: tl });

  // Root cause analysis
  const root = whyItem(s.whys.nodes, s.whys.rootId, new Set());
  const rca: Block[] = [];
  if (root && (root.children?.length || oneLine(s.whys.nodes[s.whys.rootId]?.answer ?? ''))) {
    rca.push({ t: 'list', items: [root] });
    rca.push({ t: 'diagram', kind: 'whys', mermaid: whyTreeMermaid(s) });
  } else rca.push({ t: 'p', parts: [{ em: 'The why-tree has not been started.' }] });
  sections.push({ id: 'root-cause-analysis', title: 'Root cause analysis', blocks: rca });

  // Contributing factors, by type (mitigators go under "Where we got lucky")
  const cf: Block[] = [];
  for (const type of FACTOR_TYPES.filter((t) => t !== 'mitigator')) {
    const xs = s.factors.filter((x) => x.type === type);
    if (!xs.length) continue;
    cf.push({ t: 'h3', text: FACTOR_TYPE_TITLES[type] });
    cf.push({
      t: 'list',
      items: xs.map((x) => {
        const covered = s.actions.filter((a) => a.factors.includes(x.id)).length;
        return { parts: [oneLine(x.text), ' ', { em: `[${[x.category, covered ? `${covered} action item${covered === 1 ? '' : 's'}` : 'no action item'].filter(Boolean).join(', ')}]` }] };
      }),
    });
  }
  if (!cf.length) cf.push({ t: 'p', parts: [{ em: 'No contributing factors recorded.' }] });
  sections.push({ id: 'contributing-factors', title: 'Contributing factors', blocks: cf });

  sections.push({ id: 'what-went-well', title: 'What went well', blocks: bullets(s.review.wentWell, 'Nothing recorded.') });
  sections.push({ id: 'what-could-have-gone-better', title: 'What could have gone better', blocks: bullets(s.review.couldBeBetter, 'Nothing recorded.') });
  sections.push({
    id: 'where-we-got-lucky',
    title: 'Where we got lucky',
    blocks: bullets([...s.factors.filter((x) => x.type === 'mitigator').map((x) => x.text), ...s.review.gotLucky], 'Nothing recorded.'),
  });

  // Action items
  const factorText = (id: string) => {
    const x = s.factors.find((y) => y.id === id);
    return x ? `${oneLine(x.text)} (${x.type})` : id;
  };
  sections.push({
    id: 'action-items',
    title: 'Action items',
    blocks: s.actions.length
      ? [
          {
            t: 'table',
            head: ['Title', 'Owner', 'Due', 'Horizon', 'Priority', 'Factor addressed', 'Done when', 'Status'],
            rows: s.actions.map((a) => [
              oneLine(a.title),
              [oneLine(a.ownerRole), a.owner ? `(${oneLine(a.owner)})` : ''].filter(Boolean).join(' ') || 'no owner',
              a.due ?? 'no date',
              HORIZON_LABELS[a.horizon],
              a.priority,
              a.factors.map(factorText).join('; ') || 'none',
              oneLine(a.doneWhen) || 'not stated',
              a.status,
            ]),
          },
        ]
      : [{ t: 'p', parts: [{ em: 'No action items yet.' }] }],
  });

  if (s.meeting.decisions.length) sections.push({ id: 'decisions', title: 'Decisions', blocks: bullets(s.meeting.decisions.map((d) => d.text), '') });
  if (s.meeting.parkingLot.length) sections.push({ id: 'parking-lot', title: 'Parking lot', blocks: bullets(s.meeting.parkingLot.map((d) => d.text), '') });
  const meeting = meetingBlocks(s);
  if (meeting.length) sections.push({ id: 'review-meeting', title: 'Review meeting', blocks: meeting });
  if (f.moments.length) sections.push({ id: 'key-moments', title: 'Key moments', blocks: [{ t: 'diagram', kind: 'timeline', mermaid: timelineMermaid(f) }] });

  return { title: oneLine(s.incident.title) || 'Untitled incident', meta, sections, facts: f };
}

/**
 * The review meeting itself: who took part (with roles) and how long each step took against its
 * timebox. Only once the meeting has run (its clock started); the current step counts up to the
 * session's last change, so the same session always gives the same document.
 */
export function meetingBlocks(s: Session): Block[] {
  const m = s.meeting;
  const until = Date.parse(s.updatedAt);
  const spent = STEPS.map((step) => ({ step, ms: stepElapsed(s, step, Number.isFinite(until) ? until : 0) }));
  const total = spent.reduce((a, x) => a + x.ms, 0);
  if (!m.clock.startedAt && total === 0) return [];
  const blocks: Block[] = [];
  if (m.attendees.length) {
    blocks.push({ t: 'p', parts: [`Attendees: ${m.attendees.map((a) => `${oneLine(a.name)} (${a.role})`).join(', ')}.`] });
  }
  const planned = STEPS.reduce((a, step) => a + (m.timeboxes[step] ?? 0), 0);
  blocks.push({
    t: 'table',
    head: ['Step', 'Time', 'Timebox', ''],
    rows: [
      ...spent.map(({ step, ms }) => {
        const box = m.timeboxes[step] ?? 0;
        const over = box > 0 && ms > box * 60_000 ? `over by ${formatElapsed(ms - box * 60_000)}` : '';
        return [STEP_LABELS[step], formatElapsed(ms), box ? `${box} min` : '—', over];
      }),
      ['Total', formatElapsed(total), planned ? `${planned} min` : '—', planned && total > planned * 60_000 ? `over by ${formatElapsed(total - planned * 60_000)}` : ''],
    ],
  });
  return blocks;
}
