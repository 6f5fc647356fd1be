// Child: saves one session in a tight loop, each version different, until it is killed. argv: dir id
// Each version's note count equals its counter, so the parent can tell versions apart.
import { createSession } from '../../../src/domain/session.js';
import { openStore } from '../../../src/store/index.js';

const [dir, id] = process.argv.slice(2);
const store = openStore(dir ?? '.', { backupEveryMs: 0 });
const base = createSession({ id: id ?? 'x', now: '2026-11-20T10:00:00.000Z', incident: { title: 'Kill test' } });
const loaded = await store.load(base.id);
let session = loaded.ok ? loaded.session : base;
if (!loaded.ok) await store.save(session);
const lock = await store.lock(session.id);
if (!lock.ok) throw new Error('lock held');
process.stdout.write('ready\n');
for (let n = session.review.notes.length + 1; ; n++) {
  // grow and shrink, so sizes differ and a torn write would show
  const big = n % 3 === 0 ? 'x'.repeat(20_000 + (n % 7) * 1000) : '';
  session = {
    ...session,
    updatedAt: new Date(Date.parse('2026-11-20T10:00:00.000Z') + n * 1000).toISOString(),
    incident: { ...session.incident, summary: big },
    review: { ...session.review, notes: [...session.review.notes, `note ${n}`] },
  };
  await store.save(session);
}
