// Atomic file writes: temp file in the same folder, write, fsync, close, rename over, fsync the folder.
// A crash at any instant leaves either the old file or the new one, never a torn one.
// The session file goes through lowdb's `Low` with this adapter (lowdb's own TextFile writes through
// steno, which neither fsyncs nor lets tests inject a failing file system).
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { errCode, type FileHandleLike, type FsLayer } from './fs.js';

let counter = 0;

export async function atomicWrite(fs: FsLayer, file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++counter}.tmp`);
  let handle: FileHandleLike | undefined;
  try {
    handle = await fs.open(tmp, 'wx');
    await handle.writeFile(text);
    await handle.sync();
    const h = handle;
    handle = undefined;
    await h.close();
    await fs.rename(tmp, file);
  } catch (err) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fs.syncDir(path.dirname(file));
}

/** Write a file only if it does not exist yet (O_EXCL), fsynced. Throws EEXIST otherwise. */
export async function exclusiveWrite(fs: FsLayer, file: string, text: string): Promise<void> {
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Create `file` with `text` only if it does not exist, so that it never appears partly written:
 * the text goes to a temp file first, which is then hard-linked into place (link fails with EEXIST
 * atomically). File systems without hard links fall back to O_EXCL.
 */
export async function createComplete(fs: FsLayer, file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++counter}.tmp`);
  await exclusiveWrite(fs, tmp, text);
  try {
    await fs.link(tmp, file);
  } catch (err) {
    const code = errCode(err);
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS' || code === 'EXDEV') {
      await exclusiveWrite(fs, file, text);
    } else throw err;
  } finally {
    await fs.unlink(tmp).catch(() => undefined);
  }
}

/** A lowdb adapter over raw text that reads through the seam and writes atomically with fsync. */
export class AtomicTextFile implements Adapter<string> {
  constructor(
    private readonly fs: FsLayer,
    private readonly file: string,
  ) {}
  async read(): Promise<string | null> {
    try {
      return (await this.fs.readFile(this.file)).toString('utf8');
    } catch (err) {
      if (errCode(err) === 'ENOENT') return null;
      throw err;
    }
  }
  write(text: string): Promise<void> {
    return atomicWrite(this.fs, this.file, text);
  }
}

/** Write `text` to `file` through lowdb. */
export async function writeThroughLowdb(fs: FsLayer, file: string, text: string): Promise<void> {
  const db = new Low<string>(new AtomicTextFile(fs, file), text);
  await db.write();
}
