// A fake Messages API on 127.0.0.1 (port 0) for driving the real @anthropic-ai/sdk: JSON and SSE answers,
// thinking blocks, error statuses with retry headers, slow answers, dropped streams, held streams.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeReply {
  /** HTTP status; non-200 sends an error body */
  status?: number;
  error?: { type: string; message: string };
  headers?: Record<string, string>;
  /** the text block's content (the JSON answer) */
  text?: string;
  /** put a thinking block before the text block */
  thinking?: boolean;
  stopReason?: string;
  /** characters per text_delta (default 24) */
  chunk?: number;
  /** wait before answering at all (for timeouts) */
  delayMs?: number;
  /** destroy the socket after this many text deltas */
  dropAfter?: number;
  /** stop sending after this many characters of text until `resume` settles */
  holdAt?: number;
  resume?: Promise<unknown>;
  /** send an SSE `event: error` frame after the text */
  streamError?: { type: string; message: string };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
}

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  /** replies used in order, one per request; then the default */
  queue(...replies: FakeReply[]): void;
  setDefault(reply: FakeReply): void;
  /** forget queued replies and recorded requests */
  reset(): void;
  close(): Promise<void>;
}

function sse(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFake(): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const pending: FakeReply[] = [];
  let fallback: FakeReply = { text: '{"proposals":[]}' };
  const sockets = new Set<import('node:net').Socket>();

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      // recorded as is
    }
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw, body });
    const reply = pending.shift() ?? fallback;
    if (reply.delayMs) await sleep(reply.delayMs);
    if (res.destroyed) return;
    const status = reply.status ?? 200;
    if (status !== 200) {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_fake', 'retry-after-ms': '1', ...reply.headers });
      res.end(JSON.stringify({ type: 'error', error: reply.error ?? { type: 'api_error', message: 'error' }, request_id: 'req_fake' }));
      return;
    }
    const text = reply.text ?? '';
    const content = [
      ...(reply.thinking ? [{ type: 'thinking', thinking: '', signature: 'sig_fake' }] : []),
      { type: 'text', text },
    ];
    const message = {
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      model: String(body.model ?? 'claude-haiku-5-5'),
      content,
      stop_reason: reply.stopReason ?? 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 100, output_tokens: 50 },
    };
    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_fake', ...reply.headers });
      res.end(JSON.stringify(message));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': 'req_fake' });
    sse(res, 'message_start', { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { input_tokens: 100, output_tokens: 1 } } });
    let index = 0;
    if (reply.thinking) {
      sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: 'sig_fake' } });
      sse(res, 'content_block_stop', { type: 'content_block_stop', index });
      index++;
    }
    sse(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
    res.write('event: ping\ndata: {"type": "ping"}\n\n');
    const size = reply.chunk ?? 24;
    let deltas = 0;
    let held = false;
    for (let i = 0; i < text.length; i += size) {
      if (reply.holdAt !== undefined && !held && i >= reply.holdAt) {
        held = true;
        await reply.resume;
      }
      if (res.destroyed) return;
      sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: text.slice(i, i + size) } });
      deltas++;
      if (reply.dropAfter !== undefined && deltas >= reply.dropAfter) {
        await sleep(5);
        res.socket?.destroy();
        return;
      }
      // let each delta go out as its own frame
      await sleep(0);
    }
    if (reply.streamError) {
      sse(res, 'error', { type: 'error', error: reply.streamError });
      res.end();
      return;
    }
    sse(res, 'content_block_stop', { type: 'content_block_stop', index });
    sse(res, 'message_delta', {
      type: 'message_delta',
      delta: { stop_reason: reply.stopReason ?? 'end_turn', stop_sequence: null },
      usage: { output_tokens: 50 },
    });
    sse(res, 'message_stop', { type: 'message_stop' });
    res.end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    queue: (...replies) => pending.push(...replies),
    setDefault: (r) => {
      fallback = r;
    },
    reset: () => {
      pending.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
