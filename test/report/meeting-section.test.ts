// The document records the review meeting: attendees with roles, and how long each step took against
// its timebox (issue 9: "the summary at the end records how long each step took").
import { describe, expect, it } from 'vitest';
import { reduce } from '../../src/domain/reducer.js';
import { createSession } from '../../src/domain/session.js';
import type { Dispatchable } from '../../src/domain/actions.js';
import { meetingBlocks } from '../../src/report/document.js';
import { formatElapsed as clockText } from '../../src/domain/session.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderHtml } from '../../src/report/html.js';

const t = (min: number, sec = 0) => new Date(Date.parse('2026-11-20T10:00:00.000Z') + min * 60_000 + sec * 1000).toISOString();

function run(actions: Dispatchable[]) {
  let s = createSession({ id: 'm', now: t(0) });
  for (const a of actions) s = reduce(s, a);
  return s;
}

describe('Review meeting section', () => {
  it('is absent until the meeting has run', () => {
    const s = run([]);
    expect(meetingBlocks(s)).toEqual([]);
    expect(renderMarkdown(s, t(0))).not.toContain('## Review meeting');
  });

  it('lists attendees and time per step, marking steps over their timebox', () => {
    const s = run([
      { type: 'meeting/addAttendee', attendee: { name: 'Ana', role: 'facilitator' } },
      { type: 'meeting/addAttendee', attendee: { name: 'Bo', role: 'scribe' } },
      { type: 'meeting/timebox', step: 'intake', minutes: 5 },
      { type: 'meeting/timebox', step: 'timeline', minutes: 10 },
      { type: 'meeting/resume', at: t(0) },
      { type: 'meeting/goto', step: 'timeline', at: t(7, 30) },
      { type: 'meeting/goto', step: 'whys', at: t(12) },
      { type: 'meeting/pause', at: t(20) },
    ]);
    const md = renderMarkdown(s, t(30));
    const section = md.split('## Review meeting')[1]!.split('\n## ')[0]!;
    expect(section).toContain('Attendees: Ana (facilitator), Bo (scribe).');
    expect(section).toMatch(/\| Intake \| 7:30 \| 5 min \| over by 2:30 \|/);
    expect(section).toMatch(/\| Timeline \| 4:30 \| 10 min \| +\|/);
    expect(section).toMatch(/\| 5 Whys \| 8:00 \|/);
    expect(section).toMatch(/\| Total \| 20:00 \|/);
    // the same in the HTML page
    const html = renderHtml(s, t(30));
    expect(html).toContain('Review meeting');
    expect(html).toContain('over by 2:30');
  });

  it('counts the current step up to the last change, so the same session gives the same document', () => {
    const s = run([{ type: 'meeting/resume', at: t(0) }, { type: 'meeting/park', id: 'p1', text: 'later', at: t(3) }]);
    expect(renderMarkdown(s, t(50))).toBe(renderMarkdown(s, t(50)));
    expect(renderMarkdown(s, t(50))).toMatch(/\| Intake \| 3:00 \|/);
  });

  it('formats clocks', () => {
    expect(clockText(0)).toBe('0:00');
    expect(clockText(61_000)).toBe('1:01');
    expect(clockText(3_723_000)).toBe('1:02:03');
  });
});
