// Minimal VFile/VDir over the real file system or in-memory content, for the chat importer tests
// (independent of the walker, so these tests exercise only the importers).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { DetectInput, ParseContext, VDir, VFile } from '../../src/ingest/types.js';
import { HEAD_BYTES } from '../../src/ingest/types.js';

export function memFile(path: string, content: string): VFile {
  const name = path.split('/').pop() ?? path;
  return {
    path,
    name,
    size: Buffer.byteLength(content),
    readText: async () => content,
    readBytes: async () => new Uint8Array(Buffer.from(content)),
    lines: async function* () {
      const lines = content.split(/\r?\n/);
      for (let i = 0; i < lines.length; i++) yield { line: i + 1, text: lines[i] ?? '' };
    },
  };
}

export function diskFile(abs: string, display: string): VFile {
  return memFile(display, readFileSync(abs, 'utf8').replace(/^\uFEFF/, ''));
}

export function memDir(path: string, files: Record<string, string>): VDir {
  const list = Object.entries(files).map(([rel, content]) => memFile(`${path}/${rel}`, content));
  return {
    path,
    files: list,
    get: (rel) => list.find((f) => f.path === `${path}/${rel}`),
    rel: (f) => f.path.slice(path.length + 1),
  };
}

export function diskDir(abs: string, display: string): VDir {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else files[relative(abs, p).split(sep).join('/')] = readFileSync(p, 'utf8');
    }
  };
  walk(abs);
  return memDir(display, files);
}

export async function detectInput(file: VFile): Promise<DetectInput> {
  const text = await file.readText();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { name: file.name, head: text.slice(0, HEAD_BYTES), json, size: file.size };
}

export function ctxFor(file: string, tz: string | null = null): ParseContext {
  return { file, tz };
}
