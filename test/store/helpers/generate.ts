// A folder of generated past incidents for search tests: a few planted themes among filler.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Session } from '../../../src/domain/schema.js';
import { sessionText } from '../../../src/store/index.js';
import { T0, makeSession } from './sessions.js';

const SERVICES = ['search', 'edge', 'auth', 'notifications', 'inventory', 'ledger', 'cdn', 'billing', 'reports', 'mobile-api'];
const FILLER_FACTORS = [
  'Runbook for failover was out of date',
  'Alert routed to a team that had been renamed',
  'Feature flag defaults differed between regions',
  'Disk usage alert threshold set too high',
  'Rollback script needed manual steps',
  'Dashboards lacked per-tenant breakdown',
];

/** writes the files directly (fast; the store's own writes are tested elsewhere) */
export async function generate(dir: string, n: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const store = { create: async (s: Session) => writeFileSync(path.join(dir, `${s.id}.json`), sessionText(s)) };
  for (let i = 0; i < n; i++) {
    const svc = SERVICES[i % SERVICES.length] ?? 'search';
    await store.create(
      makeSession(`filler-${i}`, {
        title: `${svc} degradation ${i}`,
        services: [svc],
        at: T0 - i * 3_600_000,
        factors: [{ text: FILLER_FACTORS[i % FILLER_FACTORS.length] ?? '' }],
        actions: [{ title: `Review ${svc} dashboards`, status: i % 2 ? 'done' : 'open' }],
      }),
    );
  }
  // planted: two earlier connection-pool incidents on checkout, one of them with an open action
  await store.create(
    makeSession('2025-checkout-pool', {
      title: 'Checkout 500s from payments-db connection pool exhaustion',
      severity: 'SEV1',
      services: ['checkout', 'payments-db'],
      at: T0 - 400 * 86_400_000,
      factors: [{ text: 'Connection pool size was never load tested', category: 'capacity' }],
      actions: [
        { title: 'Alert on connection pool saturation above 80%', status: 'open', ownerRole: 'payments on-call', due: '2025-12-01' },
        { title: 'Load test the pool at 2x peak', status: 'done' },
      ],
    }),
  );
  await store.create(
    makeSession('2024-cart-pool', {
      title: 'Cart latency during sale',
      services: ['cart'],
      at: T0 - 700 * 86_400_000,
      factors: [{ text: 'Database connection pool too small for sale traffic', category: 'capacity' }],
      actions: [{ title: 'Size connection pools from traffic forecasts', status: 'open' }],
    }),
  );
}
