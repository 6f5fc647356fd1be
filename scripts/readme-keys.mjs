#!/usr/bin/env node
// Writes the key table (from src/ui/keys.ts, built) into README.md between the keys markers.
// Run after `npm run build`:  node scripts/readme-keys.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { renderKeyTableMarkdown } = await import(new URL('../dist/ui/keys.js', import.meta.url).href);
const readme = readFileSync(`${root}/README.md`, 'utf8');
const start = '<!-- keys:start -->';
const end = '<!-- keys:end -->';
const [head, rest] = readme.split(start);
const tail = rest.split(end)[1];
const next = `${head}${start}\n${renderKeyTableMarkdown().trim()}\n${end}${tail}`;
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error('README key table is out of date: run node scripts/readme-keys.mjs');
    process.exit(1);
  }
} else writeFileSync(`${root}/README.md`, next);
