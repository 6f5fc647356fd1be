// A small text chart of a metric series, with markers (the key moments) on a line under it.
// `chartLines` is pure (tested on its own); `Chart` draws it with Ink.
import React from 'react';
import { Box, Text } from 'ink';
import type { MetricSeries } from '../../domain/schema.js';
import { oneLine, clip } from '../../domain/text.js';

export interface ChartMarker {
  /** epoch ms */
  at: number;
  /** one character drawn under the chart at that instant */
  glyph: string;
  label: string;
}

export interface ChartOptions {
  width: number;
  /** rows of bars (each row holds 8 levels) */
  height: number;
  markers?: ChartMarker[];
  /** the time range drawn; defaults to the series' extent */
  from?: number;
  to?: number;
}

export interface ChartModel {
  title: string;
  bars: string[];
  markerLine: string;
  /** the markers that fell inside the range, with their column */
  placed: Array<ChartMarker & { column: number }>;
  min: number;
  max: number;
  from: number;
  to: number;
}

const LEVELS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

function formatValue(v: number, unit: MetricSeries['unit']): string {
  if (unit === 'ratio') return `${(v * 100).toFixed(v * 100 < 10 ? 1 : 0)}%`;
  if (unit === 'percent') return `${v.toFixed(v < 10 ? 1 : 0)}%`;
  if (unit === 'seconds') return `${v.toFixed(v < 10 ? 2 : 0)}s`;
  if (Math.abs(v) >= 1000) return `${(v / 1000).toFixed(1)}k`;
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

export function chartLines(series: MetricSeries, opts: ChartOptions): ChartModel {
  const width = Math.max(8, opts.width);
  const height = Math.max(1, opts.height);
  const pts = series.points;
  const from = opts.from ?? pts[0]?.[0] ?? 0;
  const to = Math.max(from + 1, opts.to ?? pts[pts.length - 1]?.[0] ?? from + 1);
  const span = to - from;
  const col = (t: number) => Math.min(width - 1, Math.max(0, Math.floor(((t - from) / span) * width)));
  // the highest sample in each column (peaks are what the room looks for)
  const cols: Array<number | null> = new Array(width).fill(null);
  let max = -Infinity;
  let min = Infinity;
  for (const [t, v] of pts) {
    if (t < from || t > to || !Number.isFinite(v)) continue;
    const c = col(t);
    const cur = cols[c];
    cols[c] = cur === null || cur === undefined ? v : Math.max(cur, v);
    if (v > max) max = v;
    if (v < min) min = v;
  }
  if (!Number.isFinite(max)) {
    max = 0;
    min = 0;
  }
  const lo = Math.min(0, min);
  const range = max - lo || 1;
  const levels = height * 8;
  const bars: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    let line = '';
    for (let c = 0; c < width; c++) {
      const v = cols[c];
      if (v === null || v === undefined) {
        line += row === 0 ? '·' : ' ';
        continue;
      }
      const filled = Math.max(v > lo ? 1 : 0, Math.round(((v - lo) / range) * levels));
      const inRow = Math.min(8, Math.max(0, filled - row * 8));
      line += LEVELS[inRow];
    }
    bars.push(line);
  }
  const marks = new Array<string>(width).fill(' ');
  const placed: ChartModel['placed'] = [];
  for (const m of opts.markers ?? []) {
    if (m.at < from || m.at > to) continue;
    const c = col(m.at);
    marks[c] = marks[c] === ' ' ? m.glyph : '*';
    placed.push({ ...m, column: c });
  }
  const labels = Object.entries(series.labels)
    .filter(([k]) => k !== '__name__')
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const title = oneLine(`${series.name}${labels ? `{${labels}}` : ''}  max ${formatValue(max, series.unit)}`);
  return { title, bars, markerLine: marks.join(''), placed, min: lo, max, from, to };
}

export interface ChartProps {
  series: MetricSeries;
  width: number;
  height?: number;
  markers?: ChartMarker[];
  from?: number;
  to?: number;
  /** e.g. "1/2 · s: next series" */
  hint?: string;
  /** a line naming the markers under the marker line (default true) */
  legend?: boolean;
}

export function Chart({ series, width, height = 3, markers, from, to, hint, legend: showLegend = true }: ChartProps): React.ReactElement {
  const opts: ChartOptions = { width: Math.max(8, width), height };
  if (markers) opts.markers = markers;
  if (from !== undefined) opts.from = from;
  if (to !== undefined) opts.to = to;
  const model = chartLines(series, opts);
  const legend = model.placed.map((m) => `${m.glyph} ${m.label}`).join('  ');
  return (
    <Box flexDirection="column">
      <Text bold>{clip(`${model.title}${hint ? `  ${hint}` : ''}`, width)}</Text>
      {model.bars.map((line, i) => (
        <Text key={i}>{line}</Text>
      ))}
      <Text>{model.markerLine}</Text>
      {showLegend && legend ? <Text dimColor>{clip(legend, width)}</Text> : null}
    </Box>
  );
}
