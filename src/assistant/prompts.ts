// Prompt templates are Markdown files in prompts/ at the package root, read at run time.
// Resolved from this module's location, so it works from dist/assistant/ and from src/assistant/ (vitest).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type PromptName = 'system' | 'questions' | 'rewrite' | 'sharpen' | 'comms';

let dirCache: string | null = null;

export function promptsDir(): string {
  if (dirCache) return dirCache;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'prompts');
    if (existsSync(join(candidate, 'system.md'))) return (dirCache = candidate);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('prompts/ folder not found next to the debrief package (reinstall debrief)');
}

const cache = new Map<string, string>();

/** The template text, without its leading HTML comment (notes for maintainers are not sent). */
export function loadPrompt(name: PromptName): string {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const text = readFileSync(join(promptsDir(), `${name}.md`), 'utf8')
    .replace(/^\s*<!--[\s\S]*?-->\s*/, '')
    .trim();
  cache.set(name, text);
  return text;
}

/** Replace {{name}} with values; unknown placeholders are left visible so a broken template shows. */
export function fillTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g, (m, key: string) => (key in vars ? vars[key]! : m));
}
