// Opens the HTML post-mortem of the demo session (or a given session file) in headless Chromium
// (Debian's `chromium` package), checks that it renders with its diagrams, and saves a screenshot.
// Not a test (it needs Chromium and a build): run `npm run build && node bench/html-check.mjs [session.json]`.
// Talks to Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe), so no port and no network.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = path.join(root, 'bench', '.data', 'html-check');
mkdirSync(outDir, { recursive: true });

const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find((c) => spawnSync('which', [c]).status === 0);
if (!chromium) {
  console.error('html-check: no chromium found (apt-get install -y chromium).');
  process.exit(2);
}

const { renderExport } = await import(pathToFileURL(path.join(root, 'dist/report/index.js')).href);
const { parseSessionText } = await import(pathToFileURL(path.join(root, 'dist/store/index.js')).href);
const file = process.argv[2] ?? path.join(root, 'demo/demo-session.json');
const text = readFileSync(file, 'utf8');
const parsed = parseSessionText(text, file, JSON.parse(text).id);
if (!parsed.ok) {
  console.error(`html-check: ${parsed.message}`);
  process.exit(2);
}
const session = parsed.session;
const html = renderExport(session, 'html', Date.now());
const htmlFile = path.join(outDir, `${session.id}.html`);
writeFileSync(htmlFile, html);

const profile = mkdtempSync(path.join(tmpdir(), 'debrief-chromium-'));
const child = spawn(
  chromium,
  ['--headless=new', '--no-sandbox', '--disable-gpu', '--remote-debugging-pipe', `--user-data-dir=${profile}`, '--no-first-run', 'about:blank'],
  { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
);
const toChrome = child.stdio[3];
const fromChrome = child.stdio[4];
let nextId = 1;
const pending = new Map();
const events = [];
let buf = '';
fromChrome.on('data', (chunk) => {
  buf += chunk.toString('utf8');
  let i;
  while ((i = buf.indexOf('\0')) >= 0) {
    const msg = JSON.parse(buf.slice(0, i));
    buf = buf.slice(i + 1);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new Error(msg.error.message));
      else resolve(msg.result);
    } else if (msg.method) events.push(msg);
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  toChrome.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}
const waitFor = async (pred, ms = 10000) => {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (events.some(pred)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting for the page');
};

let failed = false;
try {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  await send('Page.enable', {}, sessionId);
  await send('Network.enable', {}, sessionId);
  await send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false }, sessionId);
  const t0 = performance.now();
  await send('Page.navigate', { url: pathToFileURL(htmlFile).href }, sessionId);
  await waitFor((e) => e.method === 'Page.loadEventFired');
  const loadMs = performance.now() - t0;
  const { result } = await send(
    'Runtime.evaluate',
    {
      returnByValue: true,
      expression: `(() => {
        const box = (el) => { const r = el.getBoundingClientRect(); return { w: Math.round(r.width), h: Math.round(r.height) }; };
        const svgs = [...document.querySelectorAll('svg.diagram')].map((s) => ({ cls: s.getAttribute('class'), ...box(s),
          rects: s.querySelectorAll('rect').length, circles: s.querySelectorAll('circle').length, texts: s.querySelectorAll('text').length,
          paintedText: [...s.querySelectorAll('text')].filter((t) => t.getComputedTextLength() > 0).length }));
        return { title: document.title, h2: [...document.querySelectorAll('h2')].map((h) => h.textContent),
          scripts: document.scripts.length, svgs, mermaidSources: document.querySelectorAll('pre.mermaid').length,
          tables: document.querySelectorAll('table').length, height: document.documentElement.scrollHeight };
      })()`,
    },
    sessionId,
  );
  const page = result.value;
  const requests = events.filter((e) => e.method === 'Network.requestWillBeSent').map((e) => e.params.request.url).filter((u) => !u.startsWith('file:'));

  // screenshots: the whole page, and each diagram
  const shot = async (name, clip) => {
    const { data } = await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true, ...(clip ? { clip: { ...clip, scale: 1 } } : {}) }, sessionId);
    const p = path.join(outDir, name);
    writeFileSync(p, Buffer.from(data, 'base64'));
    return p;
  };
  await send('Emulation.setDeviceMetricsOverride', { width: 1280, height: Math.min(page.height, 16000), deviceScaleFactor: 1, mobile: false }, sessionId);
  const full = await shot(`${session.id}.png`);
  const top = await shot(`${session.id}-top.png`, { x: 0, y: 0, width: 1280, height: 1500 });
  const clips = [];
  for (const cls of ['why-tree', 'key-moments']) {
    const { result: r } = await send(
      'Runtime.evaluate',
      { returnByValue: true, expression: `(() => { const w = document.querySelector('svg.${cls}').parentElement.getBoundingClientRect(); return { x: w.x, y: w.y + window.scrollY, width: w.width, height: w.height }; })()` },
      sessionId,
    );
    clips.push(await shot(`${session.id}-${cls}.png`, r.value));
  }

  // the same page with hostile text in an event, a why-node and the title: nothing may run or load
  const evil = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><svg onload="window.__pwned=3">';
  const hostile = structuredClone(session);
  hostile.incident.title = `</title>${evil}`;
  hostile.timeline.events.push({ ...hostile.timeline.events[0], id: 'evil', text: evil, confirmed: true });
  hostile.whys.nodes[hostile.whys.rootId].answer = `</text></svg>${evil}`;
  const evilFile = path.join(outDir, 'hostile.html');
  writeFileSync(evilFile, renderExport(hostile, 'html', Date.now()));
  events.length = 0;
  await send('Page.navigate', { url: pathToFileURL(evilFile).href }, sessionId);
  await waitFor((e) => e.method === 'Page.loadEventFired');
  const { result: ev } = await send(
    'Runtime.evaluate',
    { returnByValue: true, expression: `({ pwned: window.__pwned ?? 0, scripts: document.scripts.length, imgs: document.images.length, svgs: document.querySelectorAll('svg').length, shown: document.body.innerText.includes('<script>window.__pwned=1</script>') })` },
    sessionId,
  );
  const evilRequests = events.filter((e) => e.method === 'Network.requestWillBeSent').map((e) => e.params.request.url).filter((u) => !u.startsWith('file:'));

  const checks = [
    ['hostile text stays text', ev.value.pwned === 0 && ev.value.scripts === 0 && ev.value.imgs === 0 && ev.value.svgs === 2 && ev.value.shown && evilRequests.length === 0],
    ['sections', page.h2.slice(0, 9).join(' | ') === 'Executive summary | Impact | Timeline | Root cause analysis | Contributing factors | What went well | What could have gone better | Where we got lucky | Action items'],
    ['two diagrams drawn', page.svgs.length === 2 && page.svgs.every((s) => s.w > 100 && s.h > 50 && s.paintedText === s.texts && s.texts > 0)],
    ['why-tree boxes', (page.svgs.find((s) => s.cls.includes('why-tree'))?.rects ?? 0) === Object.keys(session.whys.nodes).length],
    ['mermaid sources kept', page.mermaidSources === 2],
    ['no scripts', page.scripts === 0],
    ['no network requests', requests.length === 0],
  ];
  console.log(`html-check: ${path.relative(root, htmlFile)} (${(html.length / 1024).toFixed(1)} KiB), loaded in ${loadMs.toFixed(0)} ms, page ${page.height}px tall`);
  for (const s of page.svgs) console.log(`  ${s.cls}: ${s.w}x${s.h}px, ${s.rects} boxes, ${s.circles} markers, ${s.paintedText}/${s.texts} text runs painted`);
  for (const [name, ok] of checks) {
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}`);
    if (!ok) failed = true;
  }
  console.log(`  screenshots: ${[full, top, ...clips].map((p) => path.relative(root, p)).join(', ')}`);
} catch (err) {
  console.error(`html-check: ${err.message}`);
  failed = true;
} finally {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill();
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}
process.exit(failed ? 1 : 0);
