// The store's file-system seam: the few fs/promises calls the store makes, injectable so tests can
// simulate a full disk (ENOSPC), a read-only folder (EACCES/EROFS) or a vanished file, even as root.
import * as fsp from 'node:fs/promises';
import { statSync, type Stats } from 'node:fs';

export interface FileHandleLike {
  writeFile(data: string): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface FsLayer {
  readFile(path: string): Promise<Buffer>;
  /** open for writing; flag 'w' (truncate) or 'wx' (exclusive create) */
  open(path: string, flags: 'w' | 'wx'): Promise<FileHandleLike>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  stat(path: string): Promise<Stats>;
  mkdir(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  /** fsync a directory so a rename survives power loss (best effort) */
  syncDir(path: string): Promise<void>;
  link(existing: string, created: string): Promise<void>;
  /** stat many files at once (null for those that vanished); listing 1,000 sessions uses it */
  statMany?(paths: string[]): Promise<(Stats | null)[]>;
}

export const nodeFs: FsLayer = {
  readFile: (p) => fsp.readFile(p),
  async open(p, flags) {
    const h = await fsp.open(p, flags, 0o644);
    return {
      writeFile: (data: string) => h.writeFile(data, 'utf8'),
      sync: () => h.sync(),
      close: () => h.close(),
    };
  },
  rename: (a, b) => fsp.rename(a, b),
  unlink: (p) => fsp.unlink(p),
  stat: (p) => fsp.stat(p),
  async mkdir(p) {
    await fsp.mkdir(p, { recursive: true });
  },
  readdir: (p) => fsp.readdir(p),
  async syncDir(p) {
    let h: fsp.FileHandle | undefined;
    try {
      h = await fsp.open(p, 'r');
      await h.sync();
    } catch {
      // some platforms and file systems refuse fsync on a directory; the rename is still atomic
    } finally {
      await h?.close().catch(() => undefined);
    }
  },
  link: (a, b) => fsp.link(a, b),
  // synchronous stats in a loop cost a fraction of 1,000 promise round trips through the thread pool
  async statMany(paths) {
    return paths.map((p) => {
      try {
        return statSync(p);
      } catch {
        return null;
      }
    });
  },
};

/** errno code of a thrown fs error, or '' */
export function errCode(err: unknown): string {
  return err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : '';
}
