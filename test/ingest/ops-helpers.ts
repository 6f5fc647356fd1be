// Test helpers for the paging / alerting / metrics / change importers: in-memory VFile, detect input,
// and a runner that picks the one importer claiming a file.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DetectInput, FileImporter, ParseResult, VFile } from '../../src/ingest/types.js';
import { HEAD_BYTES } from '../../src/ingest/types.js';
import { pagerdutyImporter } from '../../src/ingest/pagerduty.js';
import { opsgenieImporter } from '../../src/ingest/opsgenie.js';
import { alertmanagerImporter } from '../../src/ingest/alertmanager.js';
import { prometheusImporter } from '../../src/ingest/prometheus.js';
import { grafanaImporter } from '../../src/ingest/grafana.js';
import { datadogImporter } from '../../src/ingest/datadog.js';
import { cloudwatchImporter } from '../../src/ingest/cloudwatch.js';
import { githubImporter } from '../../src/ingest/github.js';
import { argocdImporter } from '../../src/ingest/argocd.js';
import { k8sImporter } from '../../src/ingest/k8s.js';

export const OPS_IMPORTERS: FileImporter[] = [
  pagerdutyImporter,
  opsgenieImporter,
  alertmanagerImporter,
  prometheusImporter,
  grafanaImporter,
  datadogImporter,
  cloudwatchImporter,
  githubImporter,
  argocdImporter,
  k8sImporter,
];

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function fixtureText(rel: string): string {
  return readFileSync(join(FIXTURES, rel), 'utf8');
}

export function memFile(path: string, text: string): VFile {
  const name = path.split('/').pop() ?? path;
  return {
    path,
    name,
    size: Buffer.byteLength(text),
    readText: async () => text,
    readBytes: async () => new TextEncoder().encode(text),
    lines: async function* () {
      const parts = text.split(/\r?\n/);
      for (let i = 0; i < parts.length; i++) yield { line: i + 1, text: parts[i]! };
    },
  };
}

export function detectInput(path: string, text: string): DetectInput {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    json = undefined;
  }
  return { name: path.split('/').pop() ?? path, head: text.slice(0, HEAD_BYTES), json, size: Buffer.byteLength(text) };
}

/** Which of the ops importers claim this content. */
export function claimants(path: string, text: string): string[] {
  const input = detectInput(path, text);
  return OPS_IMPORTERS.filter((i) => i.detect(input)).map((i) => i.id);
}

/** Parse with a given importer (asserting it claims the content). */
export async function runImporter(imp: FileImporter, path: string, text: string, tz: string | null = null): Promise<ParseResult> {
  const input = detectInput(path, text);
  if (!imp.detect(input)) throw new Error(`${imp.id} does not claim ${path}`);
  return imp.parse(memFile(path, text), input, { tz, file: path });
}

export async function runFixture(imp: FileImporter, rel: string, tz: string | null = null): Promise<ParseResult> {
  return runImporter(imp, rel, fixtureText(rel), tz);
}

export const iso = (ms: number) => new Date(ms).toISOString();
