// The input walker: a file, a folder or a .zip becomes VFiles and VDirs (see types.ts), so a folder and
// a zip look the same to importers. Formats are detected from content; every problem is a warning
// naming the file (and zip entry or line), and the other inputs still import. Nothing throws.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, read as fsRead, readSync } from 'node:fs';
import { open as fsOpen, readdir, stat } from 'node:fs/promises';
import { join, posix, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { SourceType } from '../domain/schema.js';
import {
  HEAD_BYTES,
  type BundleImporter,
  type DetectInput,
  type FileImporter,
  type Importer,
  type IngestWarning,
  type ParseContext,
  type ParseResult,
  type RawEvent,
  type VDir,
  type VFile,
  isBundleImporter,
} from './types.js';

export interface WalkLimits {
  /** readText/readBytes refuse files above this many bytes (stream them with lines()) */
  maxReadBytes: number;
  /** files up to this size are JSON.parse-d for detection */
  maxJsonBytes: number;
  /** zip entries: refuse entries whose uncompressed size exceeds this */
  maxEntryBytes: number;
  /** zip entries: refuse entries whose compression ratio exceeds this (zip bombs) */
  maxRatio: number;
  /** zip: at most this many entries */
  maxEntries: number;
  /** folders: at most this many files */
  maxFiles: number;
}

export const DEFAULT_LIMITS: WalkLimits = {
  maxReadBytes: 512 * 1024 * 1024,
  maxJsonBytes: 256 * 1024 * 1024,
  maxEntryBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  maxEntries: 500_000,
  maxFiles: 500_000,
};

export class TooLargeError extends Error {
  constructor(
    readonly file: string,
    readonly size: number,
    readonly cap: number,
  ) {
    super(`${file} is ${formatBytes(size)}, above the ${formatBytes(cap)} read cap; skipped`);
    this.name = 'TooLargeError';
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

// ---------------------------------------------------------------- decoding

/** Decode bytes: UTF-8 (BOM stripped) or UTF-16 LE/BE with a BOM. */
export function decodeBytes(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buf.toString('utf8', start);
}

function encodingOf(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** Binary content: NUL bytes or many control bytes in the head (UTF-16 with a BOM is text). */
export function looksBinary(bytes: Uint8Array): boolean {
  if (encodingOf(bytes) !== 'utf-8') return false;
  const n = Math.min(bytes.length, 8192);
  if (n === 0) return false;
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 30 && b !== 27)) ctrl++;
  }
  return ctrl / n > 0.1;
}

function isZipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

/** Stream decoded lines out of chunks (BOM-aware). */
async function* linesOf(chunks: AsyncIterable<Uint8Array>): AsyncIterable<{ line: number; text: string }> {
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  let rest = '';
  let line = 0;
  let first = true;
  for await (const chunk0 of chunks) {
    let chunk = chunk0;
    if (first) {
      first = false;
      const enc = encodingOf(chunk);
      decoder = new TextDecoder(enc);
      if (enc !== 'utf-8') chunk = chunk.subarray(2);
      else if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    rest += decoder!.decode(chunk, { stream: true });
    let idx: number;
    let from = 0;
    while ((idx = rest.indexOf('\n', from)) !== -1) {
      line++;
      let text = rest.slice(from, idx);
      if (text.endsWith('\r')) text = text.slice(0, -1);
      yield { line, text };
      from = idx + 1;
    }
    rest = rest.slice(from);
    if (rest.length > 64 * 1024 * 1024) {
      // a "line" of 64 MB is not a line: hand it over in pieces rather than grow without bound
      line++;
      yield { line, text: rest };
      rest = '';
    }
  }
  if (decoder) rest += decoder.decode();
  if (rest.length) {
    line++;
    yield { line, text: rest.endsWith('\r') ? rest.slice(0, -1) : rest };
  }
}

// ---------------------------------------------------------------- files on disk

/**
 * A whole file in one background read: the descriptor is opened at once, the read of the size it was
 * listed with runs on the thread pool as a single call, and the rest (to the end, in case it grew) is
 * read when that is done. fs.promises.readFile reads 512 KB a call and needs the event loop between
 * calls, so a read started ahead (the next Slack day file) stalled while the main thread converted.
 */
async function readWhole(abs: string, sizeHint: number, into?: Buffer): Promise<Buffer> {
  const fd = openSync(abs, 'r');
  try {
    // a caller's scratch buffer when the file fits: no fresh memory (and page faults) per file
    let buf = into && into.length > sizeHint ? into : Buffer.allocUnsafe(Math.max(sizeHint, 0) + 1);
    let len = await new Promise<number>((res, rej) => fsRead(fd, buf, 0, buf.length, 0, (err, n) => (err ? rej(err) : res(n))));
    for (;;) {
      if (len === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      const n = readSync(fd, buf, len, buf.length - len, len);
      if (n === 0) break;
      len += n;
    }
    return len === buf.length ? buf : buf.subarray(0, len);
  } finally {
    closeSync(fd);
  }
}

class FsFile implements VFile {
  hash: string | null = null;
  hashing = true;
  cache: string | null = null;
  constructor(
    readonly abs: string,
    readonly path: string,
    readonly size: number,
    readonly limits: WalkLimits,
  ) {}
  get name(): string {
    return posix.basename(this.path);
  }
  async readBytes(into?: Buffer): Promise<Uint8Array> {
    if (this.size > this.limits.maxReadBytes) throw new TooLargeError(this.path, this.size, this.limits.maxReadBytes);
    const buf = await readWhole(this.abs, this.size, into);
    if (this.hashing) this.hash = createHash('sha256').update(buf).digest('hex');
    return buf;
  }
  async readText(): Promise<string> {
    if (this.cache !== null) return this.cache;
    return decodeBytes(await this.readBytes());
  }
  async head(n: number): Promise<Uint8Array> {
    const fh = await fsOpen(this.abs, 'r');
    try {
      const buf = Buffer.alloc(Math.min(n, this.size));
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }
  lines(): AsyncIterable<{ line: number; text: string }> {
    const self = this;
    async function* chunks(): AsyncIterable<Uint8Array> {
      const h = self.hashing ? createHash('sha256') : null;
      for await (const c of createReadStream(self.abs, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
        h?.update(c);
        yield c;
      }
      if (h) self.hash = h.digest('hex');
    }
    return linesOf(chunks());
  }
}

// ---------------------------------------------------------------- zip entries

function streamToChunks(stream: Readable): AsyncIterable<Uint8Array> {
  return stream as AsyncIterable<Uint8Array>;
}

class ZipEntryFile implements VFile {
  hash: string | null = null;
  hashing = true;
  cache: string | null = null;
  constructor(
    readonly zip: yauzl.ZipFile,
    readonly entry: yauzl.Entry,
    readonly path: string,
    readonly limits: WalkLimits,
  ) {}
  get name(): string {
    return posix.basename(this.path);
  }
  get size(): number {
    return this.entry.uncompressedSize;
  }
  private openStream(): Promise<Readable> {
    return new Promise((res, rej) => {
      this.zip.openReadStream(this.entry, (err, stream) => (err || !stream ? rej(err ?? new Error('no stream')) : res(stream)));
    });
  }
  /** stream with size guards: never more than the declared size, never more than the entry cap */
  private async *guarded(maxBytes: number): AsyncIterable<Uint8Array> {
    const stream = await this.openStream();
    let total = 0;
    try {
      for await (const c of streamToChunks(stream)) {
        total += c.length;
        if (total > maxBytes) throw new TooLargeError(this.path, total, maxBytes);
        if (total > this.entry.uncompressedSize) throw new Error(`zip entry ${this.path} is larger than its header says (corrupt or a zip bomb)`);
        yield c;
      }
    } finally {
      stream.destroy();
    }
  }
  async readBytes(): Promise<Uint8Array> {
    const cap = Math.min(this.limits.maxReadBytes, this.limits.maxEntryBytes);
    if (this.size > cap) throw new TooLargeError(this.path, this.size, cap);
    const parts: Uint8Array[] = [];
    const h = this.hashing ? createHash('sha256') : null;
    for await (const c of this.guarded(cap)) {
      parts.push(c);
      h?.update(c);
    }
    if (h) this.hash = h.digest('hex');
    return Buffer.concat(parts);
  }
  async readText(): Promise<string> {
    if (this.cache !== null) return this.cache;
    return decodeBytes(await this.readBytes());
  }
  async head(n: number): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let got = 0;
    for await (const c of this.guarded(this.limits.maxEntryBytes)) {
      parts.push(c);
      got += c.length;
      if (got >= n) break;
    }
    return Buffer.concat(parts).subarray(0, n);
  }
  lines(): AsyncIterable<{ line: number; text: string }> {
    const self = this;
    async function* chunks(): AsyncIterable<Uint8Array> {
      const h = self.hashing ? createHash('sha256') : null;
      for await (const c of self.guarded(self.limits.maxEntryBytes)) {
        h?.update(c);
        yield c;
      }
      if (h) self.hash = h.digest('hex');
    }
    return linesOf(chunks());
  }
}

type WalkFile = FsFile | ZipEntryFile;

/** A safe relative zip entry name, or null (absolute, drive letter, `..`, NUL). */
export function safeEntryName(name: string): string | null {
  const n = name.replace(/\\/g, '/');
  if (!n || n.includes('\u0000')) return null;
  if (n.startsWith('/') || /^[a-zA-Z]:/.test(n)) return null;
  const parts = n.split('/');
  if (parts.includes('..')) return null;
  return parts.filter((p) => p !== '' && p !== '.').join('/');
}

async function openZip(
  abs: string | Buffer,
  display: string,
  limits: WalkLimits,
  warnings: IngestWarning[],
): Promise<{ zip: yauzl.ZipFile; files: ZipEntryFile[] } | null> {
  const opts = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false } as const;
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((res, rej) => {
      const cb = (err: Error | null, z?: yauzl.ZipFile) => (err || !z ? rej(err ?? new Error('cannot open')) : res(z));
      if (typeof abs === 'string') yauzl.open(abs, opts, cb);
      else yauzl.fromBuffer(abs, opts, cb);
    });
  } catch (err) {
    warnings.push({ file: display, message: `not a readable zip (${errMessage(err)}); skipped` });
    return null;
  }
  const files: ZipEntryFile[] = [];
  await new Promise<void>((res) => {
    let count = 0;
    zip.on('entry', (entry: yauzl.Entry) => {
      count++;
      const rawName = entry.fileName as unknown as Buffer | string;
      let name: string;
      try {
        name =
          typeof rawName === 'string'
            ? rawName
            : yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, rawName, entry.extraFields, false);
      } catch {
        name = '';
      }
      const shown = `${display}/${name.replace(/[\u0000-\u001f\u007f]/g, '?')}`;
      if (count > limits.maxEntries) {
        if (count === limits.maxEntries + 1) warnings.push({ file: display, message: `more than ${limits.maxEntries} zip entries; the rest are skipped` });
        zip.readEntry();
        return;
      }
      if (name.endsWith('/')) {
        zip.readEntry();
        return;
      }
      const safe = safeEntryName(name);
      if (safe === null) {
        warnings.push({ file: shown, message: 'zip entry with an unsafe path (absolute or ..); skipped' });
        zip.readEntry();
        return;
      }
      if (entry.uncompressedSize > limits.maxEntryBytes) {
        warnings.push({ file: `${display}/${safe}`, message: `zip entry is ${formatBytes(entry.uncompressedSize)}, above the ${formatBytes(limits.maxEntryBytes)} cap; skipped` });
        zip.readEntry();
        return;
      }
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxRatio) {
        warnings.push({ file: `${display}/${safe}`, message: `zip entry compresses ${Math.round(ratio)}:1, which looks like a zip bomb; skipped` });
        zip.readEntry();
        return;
      }
      if (entry.isEncrypted()) {
        warnings.push({ file: `${display}/${safe}`, message: 'zip entry is encrypted; skipped' });
        zip.readEntry();
        return;
      }
      files.push(new ZipEntryFile(zip, entry, `${display}/${safe}`, limits));
      zip.readEntry();
    });
    zip.on('end', () => res());
    zip.on('error', (err: unknown) => {
      warnings.push({ file: display, message: `zip is damaged after ${count} entries (${errMessage(err)}); the entries before still import` });
      res();
    });
    zip.readEntry();
  });
  return { zip, files };
}

// ---------------------------------------------------------------- directories

function makeDir(path: string, files: WalkFile[], base: string): VDir {
  const prefix = base ? `${base}/` : '';
  const byRel = new Map<string, WalkFile>();
  for (const f of files) byRel.set(f.path.startsWith(prefix) ? f.path.slice(prefix.length) : f.path, f);
  return {
    path,
    files,
    get: (rel: string) => byRel.get(rel.replace(/^\.\//, '')),
    rel: (file: VFile) => (file.path.startsWith(prefix) ? file.path.slice(prefix.length) : file.path),
  };
}

/** All folders under a root (including the root), outermost first, each with every file below it. */
function dirsOf(rootPath: string, files: WalkFile[]): VDir[] {
  const dirPaths = new Set<string>([rootPath]);
  for (const f of files) {
    let p = posix.dirname(f.path);
    while (p.length > rootPath.length && p.startsWith(`${rootPath}/`) && !dirPaths.has(p)) {
      dirPaths.add(p);
      p = posix.dirname(p);
    }
  }
  const sorted = [...dirPaths].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  return sorted.map((d) => makeDir(d, files.filter((f) => f.path.startsWith(`${d}/`)), d));
}

async function listFolder(
  abs: string,
  display: string,
  limits: WalkLimits,
  warnings: IngestWarning[],
): Promise<FsFile[]> {
  const out: FsFile[] = [];
  const stack: string[] = [abs];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      warnings.push({ file: toDisplay(display, abs, dir), message: `cannot read folder (${errMessage(err)}); skipped` });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.name.startsWith('.') && e.name !== '.') continue; // dot files: .DS_Store, .git
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile() || e.isSymbolicLink()) {
        if (out.length >= limits.maxFiles) {
          warnings.push({ file: display, message: `more than ${limits.maxFiles} files; the rest are skipped` });
          return out;
        }
        try {
          const st = await stat(p);
          if (!st.isFile()) continue;
          out.push(new FsFile(p, toDisplay(display, abs, p), st.size, limits));
        } catch (err) {
          warnings.push({ file: toDisplay(display, abs, p), message: `cannot read (${errMessage(err)}); skipped` });
        }
      }
    }
  }
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return out;
}

function toDisplay(display: string, rootAbs: string, abs: string): string {
  const rel = relative(rootAbs, abs).split(sep).join('/');
  return rel ? `${display.replace(/\/+$/, '')}/${rel}` : display;
}

export function errMessage(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err).split('\n')[0] ?? 'error';
}

// ---------------------------------------------------------------- detection and dispatch

export interface InputResult extends ParseResult {
  /** the input as the user gave it */
  input: string;
  /** source types that produced events or series */
  types: SourceType[];
  /** content hash of everything read (files that were read, by content; others by size) */
  hash: string;
  /** something in this input was read and recognised */
  read: boolean;
  /** events read from this input: `events.length`, or with a sink, how many were handed to it */
  eventCount: number;
}

/**
 * Where events go as they are read, instead of InputResult.events (a big export is then never held
 * whole). mark() comes before each importer run that hands events over as it reads; rollback() after
 * one that failed half-way, to take back what it handed over (its events are dropped, as without a sink).
 */
export interface EventSink {
  add(events: RawEvent[]): void;
  mark(): void;
  rollback(): void;
}

export interface ImportOptions {
  tz: string | null;
  /** hash file contents (default true); without it the input hash comes from paths and sizes */
  contentHash?: boolean;
  cwd?: string;
  channel?: string | null;
  limits?: Partial<WalkLimits>;
  /** hand events to this as they are read (in order) rather than collect them in the result */
  sink?: EventSink;
}

/** JSON.parse error position as a 1-based line number, if the message carries one. */
export function jsonErrorLine(text: string, err: unknown): number | null {
  const msg = errMessage(err);
  const lc = /line (\d+) column/.exec(msg);
  if (lc) return Number(lc[1]);
  const pos = /position (\d+)/.exec(msg);
  if (pos) {
    const p = Number(pos[1]);
    let line = 1;
    for (let i = 0; i < p && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
    return line;
  }
  if (/Unexpected end of JSON input/.test(msg)) {
    let line = 1;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
    return line;
  }
  return null;
}

function shortJsonError(err: unknown, text: string): string {
  const m = errMessage(err);
  if (/Unexpected end of JSON input|Unterminated|end of data/i.test(m)) return 'truncated JSON';
  const pos = /position (\d+)/.exec(m);
  if (pos && Number(pos[1]) >= text.trimEnd().length) return 'truncated JSON';
  return `malformed JSON (${m.replace(/^SyntaxError: /, '').replace(/, "[\s\S]*$/, '').slice(0, 80)})`;
}

function isJsonLines(head: string): boolean {
  const lines = head.split('\n').filter((l) => l.trim() !== '');
  if (lines.length < 1) return false;
  const sample = lines.slice(0, Math.min(lines.length - (head.length >= HEAD_BYTES ? 1 : 0), 5));
  if (!sample.length) return false;
  return sample.every((l) => {
    const t = l.trim();
    if (!t.startsWith('{')) return false;
    try {
      JSON.parse(t);
      return true;
    } catch {
      return false;
    }
  });
}

async function runImporter(
  imp: Importer,
  run: () => ParseResult | Promise<ParseResult>,
  where: string,
): Promise<ParseResult & { failed?: boolean }> {
  try {
    const r = await run();
    const events = Array.isArray(r?.events) ? r.events : [];
    return {
      events: events.every(validEvent) ? events : events.filter(validEvent),
      series: Array.isArray(r?.series) ? r.series : [],
      warnings: Array.isArray(r?.warnings) ? r.warnings : [],
    };
  } catch (err) {
    const message =
      err instanceof TooLargeError
        ? err.message
        : `could not be read as ${imp.id} (${errMessage(err)}); skipped`;
    return { events: [], series: [], warnings: [{ file: where, message }], failed: true };
  }
}

function validEvent(e: RawEvent): boolean {
  return !!e && Number.isFinite(e.occurredAt) && typeof e.text === 'string' && typeof e.source === 'string';
}

/**
 * Read one input (file, folder, .zip) with the given importers. Never throws: every problem is a
 * warning in the result.
 */
export async function importInput(input: string, importers: Importer[], opts: ImportOptions): Promise<InputResult> {
  const limits: WalkLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const warnings: IngestWarning[] = [];
  const result: InputResult = { input, events: [], series: [], warnings, types: [], hash: '', read: false, eventCount: 0 };
  const sink = opts.sink ?? null;
  const abs = resolve(opts.cwd ?? process.cwd(), input);
  const display = input.replace(/\\/g, '/').replace(/\/+$/, '') || input;
  const zips: yauzl.ZipFile[] = [];
  const hashParts: string[] = [];
  try {
    let st;
    try {
      st = await stat(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      warnings.push({ file: display, message: code === 'ENOENT' ? 'no such file or folder' : `cannot read (${errMessage(err)})` });
      return result;
    }
    let files: WalkFile[];
    let rootPath = display;
    if (st.isDirectory()) {
      files = await listFolder(abs, display, limits, warnings);
      if (!files.length) {
        warnings.push({ file: display, message: 'empty folder: nothing to import' });
        return result;
      }
    } else if (st.isFile()) {
      const f = new FsFile(abs, display, st.size, limits);
      files = [f];
      rootPath = posix.dirname(display);
      if (st.size === 0) {
        warnings.push({ file: display, message: 'empty file; skipped' });
        return result;
      }
    } else {
      warnings.push({ file: display, message: 'not a file or folder; skipped' });
      return result;
    }

    if (opts.contentHash === false) for (const f of files) f.hashing = false;
    // expand zips (detected by content) into their entries
    const expanded: WalkFile[] = [];
    const zipRoots: string[] = [];
    for (const f of files) {
      let head: Uint8Array;
      try {
        head = f.size ? await f.head(4) : new Uint8Array();
      } catch (err) {
        warnings.push({ file: f.path, message: `cannot read (${errMessage(err)}); skipped` });
        continue;
      }
      if (isZipMagic(head) && f instanceof FsFile) {
        const z = await openZip(f.abs, f.path, limits, warnings);
        if (z && opts.contentHash === false) for (const zf of z.files) zf.hashing = false;
        if (z) {
          zips.push(z.zip);
          zipRoots.push(f.path);
          hashParts.push(`${f.path}:zip:${f.size}`);
          if (!z.files.length) warnings.push({ file: f.path, message: 'zip holds no readable files' });
          expanded.push(...z.files);
        }
      } else expanded.push(f);
    }

    // bundles: outermost folder first; a claimed folder's files are not offered to file importers
    const bundles = importers.filter(isBundleImporter);
    const fileImporters = importers.filter((i): i is FileImporter => !isBundleImporter(i));
    const claimed = new Set<WalkFile>();
    const roots = st.isDirectory() ? [rootPath, ...zipRoots] : zipRoots;
    const dirs: VDir[] = [];
    for (const r of roots) {
      const under = expanded.filter((f) => f.path.startsWith(`${r}/`));
      if (under.length) dirs.push(...dirsOf(r, under));
    }
    for (const dir of dirs) {
      if (dir.files.every((f) => claimed.has(f as WalkFile))) continue;
      for (const b of bundles) {
        let yes = false;
        try {
          yes = b.detectBundle(dir);
        } catch {
          yes = false;
        }
        if (!yes) continue;
        const ctx: ParseContext = { tz: opts.tz, file: dir.path || display, channel: opts.channel ?? null };
        // with a sink, the bundle may hand its events over as it reads them
        const streamed = { count: 0, types: new Set<SourceType>() };
        if (sink) {
          sink.mark();
          ctx.emit = (batch) => {
            const valid = Array.isArray(batch) ? (batch.every(validEvent) ? batch : batch.filter(validEvent)) : [];
            for (const e of valid) streamed.types.add(e.source);
            streamed.count += valid.length;
            sink.add(valid);
          };
        }
        const r = await runImporter(b, () => b.parseBundle(dir, ctx), dir.path || display);
        if (r.failed && sink) {
          sink!.rollback();
          streamed.count = 0;
          streamed.types.clear();
        }
        merge(result, r, b, sink, streamed);
        for (const f of dir.files) claimed.add(f as WalkFile);
        break;
      }
    }

    for (const f of expanded) {
      if (claimed.has(f)) continue;
      await importFile(f, fileImporters, opts, limits, result);
    }
    for (const f of expanded) hashParts.push(`${f.path}:${f.hash ?? `size:${f.size}`}`);
    if (!result.read && !warnings.length) warnings.push({ file: display, message: 'nothing recognisable to import' });
  } catch (err) {
    warnings.push({ file: display, message: `could not be read (${errMessage(err)})` });
  } finally {
    for (const z of zips) {
      try {
        z.close();
      } catch {
        /* already closed */
      }
    }
  }
  hashParts.sort();
  result.hash = createHash('sha256').update(hashParts.join('\n')).digest('hex').slice(0, 32);
  return result;
}

function merge(
  result: InputResult,
  r: ParseResult,
  imp: Importer,
  sink: EventSink | null = null,
  streamed: { count: number; types: Set<SourceType> } = { count: 0, types: new Set() },
): void {
  if (sink) {
    if (r.events.length) sink.add(r.events);
  } else if (result.events.length === 0) result.events = r.events;
  else for (const e of r.events) result.events.push(e);
  result.eventCount += streamed.count + r.events.length;
  for (const s of r.series) result.series.push(s);
  result.warnings.push(...r.warnings);
  if (streamed.count || r.events.length || r.series.length) {
    result.read = true;
    const types = new Set<SourceType>(result.types);
    for (const t of streamed.types) types.add(t);
    for (const e of r.events) types.add(e.source);
    if (r.series.length) types.add(imp.source);
    result.types = [...types];
  } else {
    // recognised but empty is still "read"
    result.read = true;
    if (!result.types.includes(imp.source)) result.types.push(imp.source);
  }
}

async function importFile(
  f: WalkFile,
  importers: FileImporter[],
  opts: ImportOptions,
  limits: WalkLimits,
  result: InputResult,
): Promise<void> {
  const warnings = result.warnings;
  if (f.size === 0) {
    warnings.push({ file: f.path, message: 'empty file; skipped' });
    return;
  }
  let headBytes: Uint8Array;
  try {
    headBytes = f.size <= limits.maxJsonBytes && f.size <= limits.maxReadBytes ? await f.readBytes() : await f.head(HEAD_BYTES);
  } catch (err) {
    warnings.push({ file: f.path, message: err instanceof TooLargeError ? err.message : `cannot read (${errMessage(err)}); skipped` });
    return;
  }
  if (looksBinary(headBytes)) {
    warnings.push({ file: f.path, message: 'binary file, not a known export; skipped' });
    return;
  }
  const whole = headBytes.length === f.size;
  let text: string | null = null;
  let head: string;
  if (whole) {
    text = decodeBytes(headBytes);
    head = text.length > HEAD_BYTES ? text.slice(0, HEAD_BYTES) : text;
  } else {
    head = decodeBytes(headBytes);
    if (head.endsWith('\ufffd')) head = head.replace(/\ufffd+$/, '');
  }
  headBytes = new Uint8Array();
  let json: unknown | undefined;
  let jsonError: unknown = null;
  const trimmed = head.trimStart();
  if (text !== null && (trimmed.startsWith('{') || trimmed.startsWith('['))) {
    try {
      json = JSON.parse(text);
    } catch (err) {
      jsonError = err;
    }
  }
  const input: DetectInput = { name: f.name, head, json, size: f.size };
  let chosen: FileImporter | undefined;
  for (const imp of importers) {
    let yes = false;
    try {
      yes = imp.detect(input);
    } catch {
      yes = false;
    }
    if (yes) {
      chosen = imp;
      break;
    }
  }
  if (!chosen) {
    if (jsonError !== null && !isJsonLines(head)) {
      const line = jsonErrorLine(text ?? '', jsonError);
      warnings.push({ file: f.path, line, message: `${shortJsonError(jsonError, text ?? '')}; skipped` });
    } else if (!whole) {
      warnings.push({ file: f.path, message: `${formatBytes(f.size)} and not a format that can be streamed (JSON lines, text); skipped` });
    } else {
      warnings.push({ file: f.path, message: 'unknown format (not an export debrief can read); skipped' });
    }
    return;
  }
  const ctx: ParseContext = { tz: opts.tz, file: f.path, channel: opts.channel ?? null };
  f.cache = text;
  text = null;
  try {
    const r = await runImporter(chosen, () => chosen.parse(f, input, ctx), f.path);
    merge(result, r, chosen, opts.sink ?? null);
  } finally {
    f.cache = null;
  }
}
