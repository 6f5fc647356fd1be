// A terminal without a terminal: stdout that records what Ink writes, stdin that delivers key bytes,
// both claiming to be TTYs; and a poll that waits on a condition (never a fixed sleep).
import { EventEmitter } from 'node:events';

export class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = 100;
  rows = 30;
  out = '';
  write = (chunk: string) => {
    this.out += chunk;
    return true;
  };
}

export class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  send(data: string) {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
}

export async function until(pred: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(() => setTimeout(r, 0)));
  }
}
