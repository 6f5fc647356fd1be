import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvField, renderActionsJson, renderCsv, renderGithub, shellQuote } from '../../src/report/actions.js';
import { draftComms } from '../../src/report/comms.js';
import { isExportOf, renderExport } from '../../src/report/index.js';
import { statuspageIncident } from '../../src/report/statuspage.js';
import { apply, checkoutSession, NOW } from './helpers/sessions.js';

/** A small RFC 4180 parser, to check what a CSV importer would read back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') q = false;
      else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

describe('Statuspage JSON', () => {
  const s = checkoutSession();
  const inc = statuspageIncident(s);

  it('has the incident shape with updates newest first, at the confirmed status-event times', () => {
    expect(inc.status).toBe('resolved');
    expect(inc.impact).toBe('critical');
    expect(inc.name).toBe('Errors affecting checkout');
    expect(inc.started_at).toBe('2024-03-12T14:02:45.000Z');
    expect(inc.incident_updates.map((u) => [u.status, u.display_at])).toEqual([
      ['resolved', '2024-03-12T15:01:15.000Z'],
      ['monitoring', '2024-03-12T14:45:12.000Z'],
      ['identified', '2024-03-12T14:35:58.000Z'],
      ['investigating', '2024-03-12T14:19:42.000Z'],
    ]);
    expect(inc.monitoring_at).toBe('2024-03-12T14:45:12.000Z');
    expect(inc.resolved_at).toBe('2024-03-12T15:01:15.000Z');
    expect(inc.created_at).toBe('2024-03-12T14:19:42.000Z');
    expect(inc.incident_updates[3]!.affected_components).toEqual([{ code: 'cmp-checkout', name: 'Checkout', old_status: 'operational', new_status: 'major_outage' }]);
    expect(inc.incident_updates[0]!.affected_components![0]!.new_status).toBe('operational');
    expect(inc.incident_updates[1]!.affected_components).toBeNull();
  });

  it('bodies are the status drafts (edits included)', () => {
    const edited = apply(s, { type: 'comms/edit', key: 'status:identified', text: 'Edited identified text.' });
    const bodies = statuspageIncident(edited).incident_updates.map((u) => u.body).reverse();
    expect(bodies).toEqual(draftComms(edited, { kind: 'status' }).map((d) => d.body));
    expect(bodies[1]).toBe('Edited identified text.');
  });

  it('falls back to key moments when no status events are confirmed, and leaves out updates with no time', () => {
    const bare = { ...s, timeline: { ...s.timeline, events: s.timeline.events.filter((e) => e.kind !== 'status') } };
    const u = statuspageIncident(bare).incident_updates;
    expect(u.map((x) => [x.status, x.display_at])).toEqual([
      ['resolved', '2024-03-12T14:58:30.000Z'],
      ['monitoring', '2024-03-12T14:41:12.000Z'],
      ['identified', '2024-03-12T14:13:40.000Z'],
      ['investigating', '2024-03-12T14:11:02.000Z'],
    ]);
    const noResolve = { ...bare, timeline: { ...bare.timeline, moments: { ...bare.timeline.moments, resolved: null } } };
    const inc2 = statuspageIncident(noResolve);
    expect(inc2.incident_updates.map((x) => x.status)).toEqual(['monitoring', 'identified', 'investigating']);
    expect(inc2.status).toBe('monitoring');
    expect(inc2.resolved_at).toBeNull();
  });
});

describe('Jira CSV', () => {
  const s = checkoutSession();
  const csv = renderCsv(s);
  const rows = parseCsv(csv);

  it('has the Jira columns, one row per item, CRLF line ends', () => {
    expect(rows[0]).toEqual(['Summary', 'Description', 'Assignee', 'Due date', 'Priority', 'Labels', 'Labels', 'Labels']);
    expect(rows).toHaveLength(3);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(rows[1]!.slice(0, 1).concat(rows[1]!.slice(2))).toEqual([
      'Add a functional index on lower(code) for promo_redemptions',
      'Alice Chen',
      '2024-03-19',
      'Highest',
      'postmortem',
      'horizon-immediate',
      'incident-checkout-pool-exhaustion',
    ]);
  });

  it('the description carries done-when and the factors addressed', () => {
    const d = rows[1]![1]!;
    expect(d).toContain('Done when: EXPLAIN for the redemption check shows an index scan in production');
    expect(d).toContain('Addresses: Each promo checkout ran a 1.9 s sequential scan. (trigger, deployment); lower(code) is not covered by the index on code. (contributing, testing)');
    expect(d.split('\n').length).toBeGreaterThan(3);
  });

  it('quotes commas and quotes, and guards formula cells', () => {
    expect(rows[2]![0]).toBe(`'=HYPERLINK("http://evil") staging data at 10% of production size, "quoted", with commas`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField('plain')).toBe('plain');
    expect(rows[2]![2]).toBe('');
  });
});

describe('gh issue script', () => {
  const s = apply(checkoutSession(), {
    type: 'actions/edit',
    id: 'a1',
    patch: { title: `It's "quoted" $(touch /tmp/pwned-debrief) \`id\` ; rm -rf / # and a\nnewline` },
  });
  const script = renderGithub(s);

  it('passes bash -n and creates one issue per item with labels by horizon', () => {
    expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0);
    expect(script.match(/^gh issue create /gm)).toHaveLength(2);
    expect(script).toContain("--label 'horizon-immediate'");
    expect(script).toContain("--label 'horizon-long-term'");
    expect(script).toContain("gh label create 'horizon-immediate' --force");
  });

  it('runs with a stand-in gh that records its arguments: text arrives exactly, nothing is executed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'debrief-gh-'));
    try {
      const log = path.join(dir, 'log');
      const gh = path.join(dir, 'gh');
      // records each argument followed by \x1f, each call followed by \x1e
      writeFileSync(gh, `#!/bin/sh\nfor a in "$@"; do printf '%s\\037' "$a"; done >> '${log}'\nprintf '\\036' >> '${log}'\n`);
      chmodSync(gh, 0o755);
      const r = spawnSync('bash', ['-c', script], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
      expect(r.status, r.stderr.toString()).toBe(0);
      const calls = readFileSync(log, 'utf8')
        .split('\x1e')
        .filter(Boolean)
        .map((c) => c.split('\x1f').slice(0, -1));
      const issues = calls.filter((c) => c[0] === 'issue');
      expect(issues).toHaveLength(2);
      const first = issues[0]!;
      expect(first[first.indexOf('--title') + 1]).toBe(`It's "quoted" $(touch /tmp/pwned-debrief) \`id\` ; rm -rf / # and a newline`);
      expect(first[first.indexOf('--body') + 1]).toContain('Done when: EXPLAIN');
      expect(first.filter((x, i) => first[i - 1] === '--label')).toEqual(['postmortem', 'horizon-immediate']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shellQuote', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});

describe('actions JSON and export recognition', () => {
  it('items with their factor links', () => {
    const j = JSON.parse(renderActionsJson(checkoutSession()));
    expect(j.incident.id).toBe('checkout-pool-exhaustion');
    expect(j.items[0].factors.map((f: { id: string; type: string }) => [f.id, f.type])).toEqual([
      ['f1', 'trigger'],
      ['f2', 'contributing'],
    ]);
    expect(j.items[0].factors[0].whyNodes).toEqual(['w1']);
  });

  it('each export recognises itself and not another session or format', () => {
    const s = checkoutSession();
    for (const f of ['md', 'html', 'csv', 'github', 'json', 'statuspage'] as const) {
      const text = renderExport(s, f, NOW);
      expect(isExportOf(f, text, s.id), f).toBe(true);
      expect(isExportOf(f, text, 'other-id'), f).toBe(false);
      expect(isExportOf(f, 'hello', s.id), f).toBe(false);
    }
    expect(isExportOf('statuspage', renderExport(s, 'json', NOW), s.id)).toBe(false);
  });
});
