// Action-item exports: Jira CSV import, a `gh issue create` script, and JSON with factor links. Pure.
import { HORIZON_LABELS, type ActionItem, type Factor, type Horizon, type Priority, type Session } from '../domain/schema.js';
import { oneLine, sanitize } from '../domain/text.js';

/** Jira's default priority names. */
export const JIRA_PRIORITY: Record<Priority, string> = { P1: 'Highest', P2: 'High', P3: 'Medium' };
export const HORIZON_LABEL_SLUG: Record<Horizon, string> = { immediate: 'horizon-immediate', short: 'horizon-short-term', long: 'horizon-long-term' };

function factorsOf(item: ActionItem, session: Session): Factor[] {
  return item.factors.map((id) => session.factors.find((f) => f.id === id)).filter((f): f is Factor => !!f);
}

/** The issue description: done-when, factors addressed, owner role, horizon, the post-mortem it came from. */
export function actionDescription(item: ActionItem, session: Session): string {
  const fs = factorsOf(item, session);
  return [
    `Done when: ${oneLine(item.doneWhen) || 'not stated'}`,
    `Addresses: ${fs.length ? fs.map((f) => `${oneLine(f.text)} (${f.type}${f.category ? `, ${f.category}` : ''})`).join('; ') : 'no factor linked'}`,
    `Owner role: ${oneLine(item.ownerRole) || 'none'}`,
    `Horizon: ${HORIZON_LABELS[item.horizon]}`,
    `From the post-mortem: ${oneLine(session.incident.title)} (${session.id})`,
  ].join('\n');
}

/** One CSV field: formula-injection guard, then RFC 4180 quoting. */
export function csvField(value: string): string {
  let v = sanitize(value);
  // a cell a spreadsheet would run as a formula gets a leading apostrophe
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Jira CSV import: Summary, Description, Assignee, Due date, Priority, Labels (repeated column). */
export function renderCsv(session: Session): string {
  const head = ['Summary', 'Description', 'Assignee', 'Due date', 'Priority', 'Labels', 'Labels', 'Labels'];
  const rows = session.actions.map((a) => [
    oneLine(a.title),
    actionDescription(a, session),
    oneLine(a.owner ?? ''),
    a.due ?? '',
    JIRA_PRIORITY[a.priority],
    'postmortem',
    HORIZON_LABEL_SLUG[a.horizon],
    `incident-${session.id}`,
  ]);
  return [head, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Quote for bash in single quotes: ' becomes '\'' . Control characters are removed first. */
export function shellQuote(text: string): string {
  return `'${sanitize(text).replace(/'/g, `'\\''`)}'`;
}

/** A bash script of `gh issue create` commands, labels by horizon. */
export function renderGithub(session: Session): string {
  const labels = new Set<string>(['postmortem']);
  for (const a of session.actions) labels.add(HORIZON_LABEL_SLUG[a.horizon]);
  const lines = [
    '#!/usr/bin/env bash',
    `# Action items from the post-mortem ${oneLine(session.incident.title).replace(/[\r\n]/g, ' ')} (${session.id}).`,
    '# Run inside the repository that should hold the issues (gh must be logged in).',
    'set -euo pipefail',
    '',
    ...[...labels].map((l) => `gh label create ${shellQuote(l)} --force >/dev/null`),
    '',
  ];
  for (const a of session.actions) {
    const body = [
      actionDescription(a, session),
      `Priority: ${a.priority}`,
      a.due ? `Due: ${a.due}` : 'Due: not set',
      a.owner ? `Owner: ${oneLine(a.owner)}` : '',
    ]
      .filter(Boolean)
      .join('\n');
    lines.push(
      `gh issue create --title ${shellQuote(oneLine(a.title))} --body ${shellQuote(body)} --label ${shellQuote('postmortem')} --label ${shellQuote(HORIZON_LABEL_SLUG[a.horizon])}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The action items with their factor links, as JSON. */
export function renderActionsJson(session: Session): string {
  const out = {
    incident: { id: session.id, title: oneLine(session.incident.title), severity: session.incident.severity },
    items: session.actions.map((a) => ({
      id: a.id,
      title: oneLine(a.title),
      doneWhen: oneLine(a.doneWhen),
      ownerRole: oneLine(a.ownerRole),
      owner: a.owner ? oneLine(a.owner) : null,
      due: a.due,
      horizon: a.horizon,
      priority: a.priority,
      status: a.status,
      tracker: a.tracker,
      factors: factorsOf(a, session).map((f) => ({ id: f.id, text: oneLine(f.text), type: f.type, category: f.category, whyNodes: f.whyNodes })),
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
