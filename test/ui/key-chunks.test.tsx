// Fast typing: Ink hands several keys read at once to useInput as one chunk; the root router splits it.
import { afterEach, describe, expect, it } from 'vitest';
import { splitChunk } from '../../src/ui/App.js';
import { paste, ready, renderApp, waitForFrame, waitForText, type Harness } from './helpers.js';

let app: Harness | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const step = (h: Harness) => h.saves.at(-1)?.meeting.step ?? 'intake';

describe('splitChunk', () => {
  it('splits every character when no text field has focus', () => {
    const parts = splitChunk('c\rT', false);
    expect(parts.map((p) => [p.input, p.key.return, p.key.shift])).toEqual([
      ['c', false, false],
      ['', true, false],
      ['T', false, true],
    ]);
  });
  it('keeps the text before \\r as typed, then submits, then the rest (a key or two typed fast)', () => {
    const parts = splitChunk('hello\rwo', true);
    expect(parts.map((p) => [p.input, p.key.return])).toEqual([
      ['hello', false],
      ['', true],
      ['wo', false],
    ]);
    // a longer tail is a multi-line paste: one line, not submitted
    expect(splitChunk('hello\rworld', true).map((p) => [p.input, p.key.return])).toEqual([['hello world', false]]);
    expect(splitChunk('plain paste', true).map((p) => p.input)).toEqual(['plain paste']);
  });
});

describe('key chunks in the console', () => {
  it('"]]" typed fast moves two steps, each key routed once', async () => {
    app = renderApp();
    await ready(app);
    await paste(app, ']]');
    await waitForFrame(app, () => step(app!) === 'whys', 'two steps on');
    expect(app.saves.map((s) => s.meeting.step)).toEqual(['timeline', 'whys']);
  });

  it('"23" jumps to step 2 then step 3', async () => {
    app = renderApp();
    await ready(app);
    await paste(app, '23');
    await waitForFrame(app, () => step(app!) === 'whys', 'jumped');
    expect(app.saves.map((s) => s.meeting.step)).toEqual(['timeline', 'whys']);
  });

  it('a note field takes "text\\rD": saves the text, submits, then D opens the decision overlay', async () => {
    app = renderApp();
    await ready(app);
    await paste(app, 'p');
    await waitForText(app, 'Parking lot: an off-topic point');
    await paste(app, 'Vendor SLA\rD');
    await waitForText(app, 'Decision: what the room decided');
    expect(app.saves.at(-1)!.meeting.parkingLot.map((n) => n.text)).toEqual(['Vendor SLA']);
    expect(app.frame()).not.toContain('Vendor SLAD');
  });
});
