import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { COMMANDS, commandBytes, commandFor, commandsIn, formatKeys, GLOBAL_COMMANDS, is, KEYS, matchesSpec, renderKeyTableMarkdown, specBytes, type KeyContext } from '../../src/ui/keys.js';

const base: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
} as Key;
const k = (p: Partial<Key>) => ({ ...base, ...p }) as Key;

describe('the key table', () => {
  it('every command has keys, a label and a description, and every key has bytes', () => {
    for (const c of COMMANDS) {
      const b = KEYS[c];
      expect(b.keys.length, c).toBeGreaterThan(0);
      expect(b.label.length, c).toBeGreaterThan(0);
      expect(b.description.length, c).toBeGreaterThan(5);
      for (const spec of b.keys) expect(() => specBytes(spec), `${c}:${spec}`).not.toThrow();
    }
  });

  it('no step or list key collides with a global key (steps are offered keys first)', () => {
    const globalKeys = new Set(GLOBAL_COMMANDS.flatMap((c) => KEYS[c].keys));
    const stepContexts: KeyContext[] = ['list', 'intake', 'timeline', 'whys', 'factors', 'actions', 'impact', 'review'];
    for (const ctx of stepContexts) for (const c of commandsIn(ctx)) for (const key of KEYS[c].keys) expect(globalKeys.has(key), `${c} uses global key ${key}`).toBe(false);
  });

  it('matches Ink key events', () => {
    expect(is('step.next', '', k({ tab: true }))).toBe(true);
    expect(is('step.next', '', k({ tab: true, shift: true }))).toBe(false);
    expect(is('step.prev', '', k({ tab: true, shift: true }))).toBe(true);
    expect(is('app.undo', 'z', k({ ctrl: true }))).toBe(true);
    expect(is('app.undo', 'u', base)).toBe(true);
    expect(is('app.redo', 'U', k({ shift: true }))).toBe(true);
    expect(is('app.redo', 'u', base)).toBe(false);
    expect(is('app.saveExit', 'c', k({ ctrl: true }))).toBe(true);
    expect(is('app.quit', 'q', k({ ctrl: true }))).toBe(false);
    // Backspace arrives as key.delete in Ink 6
    expect(matchesSpec('backspace', '', k({ delete: true }))).toBe(true);
    expect(commandFor(GLOBAL_COMMANDS, '3', base)).toBe('step.goto');
  });

  it('gives the bytes a terminal sends', () => {
    expect(commandBytes('step.prev')).toBe('\u001b[Z');
    expect(commandBytes('app.undo', 1)).toBe('\u001a');
    expect(commandBytes('app.redo', 1)).toBe('\u0012');
    expect(commandBytes('nav.down')).toBe('\u001b[B');
  });

  it('renders the README key table as Markdown from the same table', () => {
    const md = renderKeyTableMarkdown();
    expect(md).toContain('### Everywhere');
    expect(md).toContain('| `u` / `Ctrl+Z` | Undo the last change (up to 100). |');
    expect(md).toContain('| `1-8` |');
    for (const c of COMMANDS) expect(md).toContain(KEYS[c].description.replace(/\|/g, '\\|'));
    expect(formatKeys('nav.up')).toBe('↑');
  });
});
