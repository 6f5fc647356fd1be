// The HTML post-mortem opened in headless Chromium (Debian's `chromium`, installed by .ci/run): every
// section and both diagrams render, no scripts run, nothing is fetched, hostile text stays text.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('HTML post-mortem in headless Chromium', () => {
  it('renders the demo with its diagrams', () => {
    const r = spawnSync(process.execPath, ['bench/html-check.mjs'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    for (const check of ['sections', 'two diagrams drawn', 'why-tree boxes', 'no scripts', 'no network requests', 'hostile text stays text']) {
      expect(r.stdout).toContain(`ok   ${check}`);
    }
    expect(r.stdout).not.toContain('FAIL');
    expect(r.status).toBe(0);
  }, 90_000);
});
