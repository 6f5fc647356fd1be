// NO_COLOR: with colours forced on in the terminal, the monochrome theme still emits no colour codes,
// while the colour theme does. (FORCE_COLOR is set before Ink/chalk load in this file's process.)
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

let helpers: typeof import('./helpers.js');
let theme: typeof import('../../src/ui/theme.js');
let itl: typeof import('ink-testing-library');

beforeAll(async () => {
  process.env.FORCE_COLOR = '3';
  itl = await import('ink-testing-library');
  helpers = await import('./helpers.js');
  theme = await import('../../src/ui/theme.js');
});
afterEach(() => itl.cleanup());

const COLOUR = /\u001b\[(3[0-7]|9[0-7]|38;[25];[\d;]+)m/;

describe('NO_COLOR', () => {
  it('the colour theme colours the frame', async () => {
    const app = helpers.renderApp({ theme: theme.COLOR_THEME });
    await helpers.ready(app);
    expect(app.lastFrame() ?? '').toMatch(COLOUR);
  });

  it('the monochrome theme (NO_COLOR) emits no colour codes, and still marks focus', async () => {
    const app = helpers.renderApp({ theme: theme.themeFor({ NO_COLOR: '1' }) });
    await helpers.ready(app);
    const raw = app.lastFrame() ?? '';
    expect(raw).not.toMatch(COLOUR);
    expect(app.frame()).toContain('› Title');
    expect(app.frame()).toContain('● 1 Intake');
    expect(app.frame()).toContain('[SEV2]');
  });
});
