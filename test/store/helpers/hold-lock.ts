// Child: takes the lock on a session and holds it until killed. argv: dir id
import { openStore } from '../../../src/store/index.js';

const [dir, id] = process.argv.slice(2);
const store = openStore(dir ?? '.', { command: `hold-lock ${id}` });
const r = await store.lock(id ?? 'x');
process.stdout.write(r.ok ? 'locked\n' : `held-by ${r.holder.pid}\n`);
if (process.argv.includes('--exit')) process.exit(0);
setInterval(() => undefined, 1 << 30);
