import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderKeyTableMarkdown } from '../../src/ui/keys.js';
import { COMMANDS } from '../../src/cli/main.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('shows the two set-up commands', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });

  it('carries the key table generated from the one key table', () => {
    const section = readme.split('<!-- keys:start -->')[1]?.split('<!-- keys:end -->')[0] ?? '';
    expect(section.trim()).toBe(renderKeyTableMarkdown().trim());
  });

  it('documents every command', () => {
    for (const name of Object.keys(COMMANDS)) expect(readme).toContain(`debrief ${name}`);
  });

  it("tells the demo's figures as they are (events in the walkthrough, bin in the lock file)", () => {
    const demo = JSON.parse(readFileSync(new URL('../../demo/demo-session.json', import.meta.url), 'utf8'));
    expect(readme).toContain(`**Timeline**: ${demo.timeline.events.length} events`);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8'));
    expect(lock.packages[''].bin).toEqual(pkg.bin);
  });
});
