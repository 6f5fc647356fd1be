// Preloaded with --import: records every module file the process loads into $DEBRIEF_LOADS_FILE.
import { register } from 'node:module';
import { appendFileSync } from 'node:fs';

const out = process.env.DEBRIEF_LOADS_FILE;
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => appendFileSync(out, `${url}\n`));
port1.unref();
register(
  `data:text/javascript,${encodeURIComponent(`
    let port;
    export function initialize(data) { port = data.port; }
    export async function load(url, context, next) { port.postMessage(url); return next(url, context); }
  `)}`,
  import.meta.url,
  { data: { port: port2 }, transferList: [port2] },
);
