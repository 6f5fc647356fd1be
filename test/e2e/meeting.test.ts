// The whole demo meeting through the built binary in a real pseudo-terminal: walk all eight steps,
// change things, export the Markdown post-mortem, quit, resume, and find the changes.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KEYS, startApp } from './pty.js';

const dir = mkdtempSync(join(tmpdir(), 'debrief-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const demo = JSON.parse(readFileSync(new URL('../../demo/demo-session.json', import.meta.url), 'utf8'));
const demoEvents: number = demo.timeline.events.length;
const demoNodes: number = Object.keys(demo.whys.nodes).length;

const STEP_LABELS = ['Intake', 'Timeline', '5 Whys', 'Factors', 'Actions', 'Impact', 'Comms', 'Review'];

describe('the demo meeting in a real terminal', () => {
  it('walks all eight steps, exports, quits, resumes at the saved step with the changes', async () => {
    const app = startApp(['demo', '--sessions-dir', dir]);
    try {
      await app.waitFor('Step 2/8 · Timeline');
      // a fresh demo meeting opens on the opening screen (ground rules, agenda, attendees)
      await app.waitFor('before we start');
      app.write(KEYS.enter);
      await app.waitFor(`${demoEvents} events`);

      // park a point from the Timeline step
      app.write('p');
      await app.waitFor('Enter save');
      app.write('Who owns warning-level alerts?');
      await app.waitFor('Who owns warning-level alerts?');
      app.write(KEYS.enter);
      await app.waitFor((s) => !s.includes('Enter save'));

      // the agenda: time used against planned; one more minute for the Timeline step
      app.write('T');
      let agenda = await app.waitFor('Agenda · time used / planned');
      const planned = Number(/Timeline\s+\d+:\d{2} \/\s+(\d+)m/.exec(agenda)?.[1]);
      expect(planned).toBeGreaterThan(0);
      app.write('+');
      agenda = await app.waitFor(new RegExp(`Timeline\\s+\\d+:\\d{2} \\/\\s+${planned + 1}m`));
      app.write(KEYS.esc);
      await app.waitFor((x) => !x.includes('Agenda · time used'));

      // presenter mode for the shared screen: on, then off again
      app.write('P');
      await app.waitFor('PRESENTING');
      app.write('P');
      await app.waitFor((x) => !x.includes('PRESENTING'));

      // a decision from the Timeline step
      app.write('D');
      await app.waitFor('Decision: what the room decided');
      app.write('Freeze promo deploys until the pool alert ships');
      await app.waitFor('Freeze promo deploys until the pool alert ships');
      app.write(KEYS.enter);
      await app.waitFor('Decision recorded.');

      // back to the start, then walk forward through every step
      app.write('1');
      await app.waitFor('Step 1/8 · Intake');
      await app.waitFor('Attendees (6)');
      for (let i = 1; i < 8; i++) {
        app.write(KEYS.tab);
        const screen = await app.waitFor(`Step ${i + 1}/8 · ${STEP_LABELS[i]}`);
        if (STEP_LABELS[i] === '5 Whys') {
          expect(screen).toContain(`${demoNodes} nodes`);
          // accept the assistant's first proposal as a child of the selected node
          await app.waitFor('Assistant (offline)');
          app.write('y');
          await app.waitFor(`${demoNodes + 1} nodes`);
        }
        if (STEP_LABELS[i] === 'Impact') await app.waitFor('9,498');
        if (STEP_LABELS[i] === 'Factors') await app.waitFor('Systemic');
      }

      // the wrap-up reads back the decision and the parking lot
      app.write('W');
      const wrap = await app.waitFor('Wrap-up: read back');
      expect(wrap).toContain('Freeze promo deploys');
      app.write(KEYS.esc);
      await app.waitFor((x) => !x.includes('Wrap-up: read back'));

      // the Review step exports the post-mortem
      app.write('E');
      const exported = await app.waitFor('Exported the post-mortem to');
      expect(exported).toContain('exports');

      // q asks first; y quits
      app.write('q');
      await app.waitFor('Quit debrief?');
      app.write('y');
      expect(await app.exited).toBe(0);
    } finally {
      app.kill();
    }

    const id = 'demo-checkout-pool-exhaustion';
    const md = readFileSync(join(dir, 'exports', `${id}.md`), 'utf8');
    const order = ['Executive summary', 'Impact', 'Timeline', 'Root cause analysis', 'Contributing factors', 'What went well', 'What could have gone better', 'Action items'];
    const positions = order.map((h) => md.indexOf(`## ${h}`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(md).toContain('Who owns warning-level alerts?');
    expect(md).toContain('## Decisions');
    expect(md).toContain('Freeze promo deploys until the pool alert ships');
    expect(md).toContain('## Review meeting');

    const saved = JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8'));
    expect(saved.meeting.step).toBe('review');
    expect(saved.meeting.timeboxes.timeline).toBe(demo.meeting.timeboxes.timeline + 1);
    expect(Object.keys(saved.whys.nodes)).toHaveLength(demoNodes + 1);
    expect(existsSync(join(dir, `${id}.lock`))).toBe(false);

    // resume: opens at the saved step with the changes
    const again = startApp(['resume', id, '--sessions-dir', dir]);
    try {
      await again.waitFor('Step 8/8 · Review');
      await again.waitFor('2 parked');
      again.write('3');
      await again.waitFor(`${demoNodes + 1} nodes`);
      again.write(KEYS.ctrlC);
      expect(await again.exited).toBe(0);
    } finally {
      again.kill();
    }
  }, 60_000);

  it('a second console on the same session opens read-only and names the holder', async () => {
    const first = startApp(['demo', '--sessions-dir', dir]);
    try {
      await first.waitFor('Step 2/8 · Timeline');
      const id = 'demo-checkout-pool-exhaustion-2';
      const second = startApp(['resume', id, '--sessions-dir', dir]);
      try {
        await second.waitFor(/read-only/i);
        await second.waitFor(/process \d+/);
        second.write(KEYS.ctrlC);
        await second.exited;
      } finally {
        second.kill();
      }
      first.write(KEYS.ctrlC);
      expect(await first.exited).toBe(0);
    } finally {
      first.kill();
    }
  }, 60_000);
});
