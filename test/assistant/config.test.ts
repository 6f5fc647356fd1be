import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, configPath, loadConfig } from '../../src/assistant/config.js';
import { completedItems } from '../../src/assistant/partial.js';
import { fillTemplate, loadPrompt, promptsDir } from '../../src/assistant/prompts.js';

const files = (map: Record<string, string>) => (p: string) => map[p] ?? null;

describe('assistant config', () => {
  it('reads ~/.config/debrief/config.json, or $XDG_CONFIG_HOME/debrief/config.json', () => {
    expect(configPath({}, '/home/u')).toBe(join('/home/u', '.config', 'debrief', 'config.json'));
    expect(configPath({ XDG_CONFIG_HOME: '/x' }, '/home/u')).toBe(join('/x', 'debrief', 'config.json'));
    const c = loadConfig({ XDG_CONFIG_HOME: '/x' }, { read: files({ '/x/debrief/config.json': '{"ai":"claude","apiKey":"k1","model":"claude-sonnet-5-5","timeoutMs":9000}' }) });
    expect(c).toMatchObject({ ai: 'claude', apiKey: 'k1', model: 'claude-sonnet-5-5', timeoutMs: 9000, file: '/x/debrief/config.json', warnings: [] });
  });

  it('is offline by default, Claude when a key is set; env overrides the file', () => {
    expect(loadConfig({}, { home: '/h', read: () => null })).toMatchObject({ ai: 'offline', apiKey: null, model: DEFAULT_MODEL });
    expect(loadConfig({ ANTHROPIC_API_KEY: 'k' }, { home: '/h', read: () => null }).ai).toBe('claude');
    expect(loadConfig({ ANTHROPIC_API_KEY: 'k', DEBRIEF_AI: 'offline' }, { home: '/h', read: () => null }).ai).toBe('offline');
    const c = loadConfig({ DEBRIEF_MODEL: 'claude-opus-5-5' }, { home: '/h', read: () => '{"model":"claude-haiku-5-5"}' });
    expect(c.model).toBe('claude-opus-5-5');
  });

  it('refuses deprecated models and reports a broken file without throwing', () => {
    const c = loadConfig({ DEBRIEF_MODEL: 'claude-sonnet-4-5-20250929' }, { home: '/h', read: () => null });
    expect(c.model).toBe(DEFAULT_MODEL);
    expect(c.warnings[0]).toMatch(/deprecated/);
    const bad = loadConfig({}, { home: '/h', read: () => '{not json' });
    expect(bad.warnings[0]).toMatch(/config\.json: not valid JSON/);
    const wrong = loadConfig({}, { home: '/h', read: () => '{"ai":"gpt"}' });
    expect(wrong.ai).toBe('offline');
    expect(wrong.warnings[0]).toMatch(/ai/);
  });
});

describe('prompts', () => {
  it('are Markdown files read from prompts/ at the package root, without the maintainer comment', () => {
    expect(promptsDir()).toMatch(/prompts$/);
    const q = loadPrompt('questions');
    expect(q.startsWith('<!--')).toBe(false);
    expect(q).toContain('{{nodeId}}');
    expect(fillTemplate('node {{nodeId}} {{missing}}', { nodeId: 'n1' })).toBe('node n1 {{missing}}');
  });
});

describe('partial JSON', () => {
  const full = '{"proposals":[{"question":"What \\"}\\" broke?","evidence":["a"]},{"question":"How [x]?","evidence":[]}]}';
  it('yields only completed array items, in order, as the text grows', () => {
    const seen: number[] = [];
    for (let i = 0; i <= full.length; i++) seen.push(completedItems(full.slice(0, i), 'proposals').length);
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(2);
    const firstAt = seen.indexOf(1);
    expect(full.slice(0, firstAt)).toMatch(/\]\}$/);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(completedItems(full, 'proposals')[0]).toEqual({ question: 'What "}" broke?', evidence: ['a'] });
    expect(completedItems('{"other":[]}', 'proposals')).toEqual([]);
  });
});
