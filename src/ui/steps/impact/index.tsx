// Impact: the figures the room enters (request rate, error ratio, users, order value, SLO, SLA), and
// the figures computed from them and the key moments, each with its formula (src/domain/impact.ts).
import { Box, Text, type Key } from 'ink';
import { computeImpact, formatNumber, type Figure, type ImpactReport } from '../../../domain/impact.js';
import { MOMENT_KEYS, MOMENT_LABELS, type ImpactInputs, type Session, type Slo } from '../../../domain/schema.js';
import { clip, oneLine } from '../../../domain/text.js';
import { is, type Command } from '../../keys.js';
import { Form } from '../../widgets/Form.js';
import { formKey, formKeys, initialForm, type FieldSpec, type FormState } from '../../widgets/formState.js';
import { defineStep, type StepContext } from '../types.js';

export interface ImpactUi {
  pane: 'inputs' | 'figures';
  form: FormState;
  /** first input row shown (the form scrolls when the terminal is short) */
  top: number;
  fig: number;
}

type Kind = 'number' | 'ratio' | 'text';
interface ImpactField extends FieldSpec {
  type: Kind;
  get(s: Session): number | string | null | undefined;
  set(s: Session, v: number | string | null): { inputs?: Partial<ImpactInputs>; slo?: Slo | null };
}

/** "1,200" → 1200; "5%" → 0.05 for ratios; a ratio above 1 is read as a percentage ("99.9" → 0.999). */
export function parseFigure(raw: string, type: Kind): number | string | null | Error {
  const t = raw.trim();
  if (t === '') return null;
  if (type === 'text') return oneLine(t);
  const pct = t.endsWith('%');
  const n = Number(t.replace(/[,_\s]/g, '').replace(/%$/, ''));
  if (!Number.isFinite(n) || n < 0) return new Error(`"${t}" is not a number.`);
  if (type === 'ratio') {
    const r = Math.round((pct || n > 1 ? n / 100 : n) * 1e9) / 1e9;
    if (r > 1) return new Error(`"${t}" is more than 100%.`);
    return r;
  }
  return n;
}

const inp = (key: keyof ImpactInputs, label: string, type: Kind, placeholder: string): ImpactField => ({
  key,
  label,
  kind: 'text',
  type,
  placeholder,
  get: (s) => s.impact.inputs[key] as number | string | null | undefined,
  set: (_s, v) => ({ inputs: { [key]: v } as Partial<ImpactInputs> }),
});

const defaultSlo = (s: Session): Slo => s.impact.slo ?? { name: 'availability', target: 0.999, windowDays: 30, windowVolume: null, sla: null };
const slo = (label: string, type: Kind, placeholder: string, get: (x: Slo) => number | null | undefined, put: (x: Slo, v: number | null) => Slo): ImpactField => ({
  key: `slo.${label}`,
  label,
  kind: 'text',
  type,
  placeholder,
  get: (s) => (s.impact.slo ? get(s.impact.slo) : null),
  set: (s, v) => ({ slo: put(defaultSlo(s), typeof v === 'number' ? v : null) }),
});
const sla = (s: Slo) => s.sla ?? { target: 0.999, periodMinutes: 43200, creditPercent: null };

export const IMPACT_FIELDS: ImpactField[] = [
  inp('requestRate', 'Request rate (req/s)', 'number', 'requests per second through the service'),
  inp('errorRatio', 'Error ratio', 'ratio', 'share of requests failing, e.g. 12%'),
  inp('baselineErrorRatio', 'Baseline error ratio', 'ratio', 'normal error ratio, e.g. 0.1%'),
  inp('usersAffected', 'Users affected', 'number', 'count'),
  inp('totalUsers', 'Total users', 'number', 'count'),
  inp('averageOrderValue', 'Average order value', 'number', 'e.g. 42.50'),
  inp('currency', 'Currency', 'text', 'e.g. EUR'),
  inp('abandonRate', 'Abandon rate', 'ratio', 'failed orders never completed later'),
  slo('SLO target', 'ratio', 'e.g. 99.9%', (x) => x.target, (x, v) => ({ ...x, target: v ?? 0.999 })),
  slo('SLO window (days)', 'number', 'e.g. 30', (x) => x.windowDays, (x, v) => ({ ...x, windowDays: v ?? 30 })),
  slo('SLO window volume', 'number', 'requests in the window', (x) => x.windowVolume, (x, v) => ({ ...x, windowVolume: v })),
  slo('SLA target', 'ratio', 'e.g. 99.9%', (x) => x.sla?.target, (x, v) => ({ ...x, sla: v === null ? null : { ...sla(x), target: v } })),
  slo('SLA period (min)', 'number', 'e.g. 43200', (x) => x.sla?.periodMinutes, (x, v) => ({ ...x, sla: { ...sla(x), periodMinutes: v ?? 43200 } })),
  slo('SLA credit %', 'number', 'credit owed when breached', (x) => x.sla?.creditPercent, (x, v) => ({ ...x, sla: { ...sla(x), creditPercent: v } })),
];
for (const f of IMPACT_FIELDS) {
  f.validate = (raw) => {
    const r = parseFigure(raw, f.type);
    return r instanceof Error ? r.message : null;
  };
}

/** The series label shown and cycled: its name, with the id when two series share a name. */
function seriesLabels(s: Session): { id: string; label: string }[] {
  return s.timeline.series.map((x) => ({
    id: x.id,
    label: s.timeline.series.filter((y) => y.name === x.name).length > 1 ? `${oneLine(x.name)} (${x.id})` : oneLine(x.name),
  }));
}
const AUTO = 'auto (the first error-ratio series)';

/** The form's fields: a series choice first when metric series were imported. */
export function impactFields(s: Session): ImpactField[] {
  if (s.timeline.series.length === 0) return IMPACT_FIELDS;
  const labels = seriesLabels(s);
  const series: ImpactField = {
    key: 'series',
    label: 'Metric series',
    kind: 'choice',
    type: 'text',
    options: [AUTO, ...labels.map((l) => l.label)],
    get: (x) => seriesLabels(x).find((l) => l.id === x.impact.inputs.seriesId)?.label ?? AUTO,
    set: (x, v) => ({ inputs: { seriesId: seriesLabels(x).find((l) => l.label === v)?.id ?? null } }),
  };
  return [series, ...IMPACT_FIELDS];
}

function show(f: ImpactField, s: Session): string {
  if (f.key === 'series') return String(f.get(s) ?? AUTO);
  const v = f.get(s);
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (f.type === 'ratio') return `${String(Math.round(v * 100 * 1e6) / 1e6)}%`;
  return String(v);
}

let cache: { session: Session; report: ImpactReport } | null = null;
/** computeImpact, memoised on the session object (frames re-render often; the session rarely changes) */
export function impactOf(s: Session): ImpactReport {
  if (cache?.session !== s) cache = { session: s, report: computeImpact(s, { confirmedOnly: true }) };
  return cache.report;
}

/** The key moments the import proposed and the room has not confirmed: the figures leave them out
 *  (as the documents do), and the screen says so. */
export function proposedMoments(s: Session): string[] {
  return MOMENT_KEYS.filter((k) => s.timeline.moments[k]?.confirmed === false).map((k) => MOMENT_LABELS[k].toLowerCase());
}

const formRows = (ctx: StepContext<ImpactUi>) => Math.max(4, ctx.body.rows - 3);
const wide = (ctx: StepContext<ImpactUi>) => ctx.body.columns >= 110;

function handleKey(input: string, key: Key, ctx: StepContext<ImpactUi>): boolean {
  const { ui, session: s } = ctx;
  if (!ui.form.edit && (is('nav.left', input, key) || is('nav.right', input, key))) {
    ctx.setUi({ ...ui, pane: ui.pane === 'inputs' ? 'figures' : 'inputs' });
    return true;
  }
  if (ui.pane === 'figures') {
    const n = impactOf(s).figures.length + impactOf(s).missing.length;
    if (is('nav.up', input, key)) return ctx.setUi({ ...ui, fig: Math.max(0, ui.fig - 1) }), true;
    if (is('nav.down', input, key)) return ctx.setUi({ ...ui, fig: Math.min(Math.max(0, n - 1), ui.fig + 1) }), true;
    return false;
  }
  const fieldsNow = impactFields(s);
  const out = formKey(fieldsNow, ui.form, input, key, (f) => show(f as ImpactField, s));
  if (out.kind === 'unhandled') return false;
  if (out.kind === 'commit') {
    const f = out.field as ImpactField;
    const v = parseFigure(out.value, f.type);
    if (!(v instanceof Error) && out.value !== show(f, s)) {
      const p = f.set(s, v);
      if (p.inputs) ctx.dispatch({ type: 'impact/inputs', patch: p.inputs });
      if (p.slo !== undefined) ctx.dispatch({ type: 'impact/slo', slo: p.slo });
    }
  }
  const rows = formRows(ctx);
  let top = ui.top;
  if (out.state.focus < top) top = out.state.focus;
  if (out.state.focus >= top + rows) top = out.state.focus - rows + 1;
  ctx.setUi({ ...ui, form: out.state, top });
  return true;
}

function keys(ctx: StepContext<ImpactUi>): Command[] {
  if (ctx.ui.form.edit) return formKeys(impactFields(ctx.session), ctx.ui.form);
  if (ctx.ui.pane === 'figures') return ['nav.up', 'nav.left'];
  const f = impactFields(ctx.session)[ctx.ui.form.focus];
  return ['nav.up', f?.kind === 'choice' ? 'item.cycle' : 'item.edit', 'nav.left'];
}

const LABEL_W = 31;

function FigureLine({ f, on, width, theme }: { f: Figure; on: boolean; width: number; theme: StepContext['theme'] }) {
  return (
    <Box flexDirection="column">
      <Text color={on ? theme.ui.selection : f.breached ? theme.status.error : undefined} bold={on} wrap="truncate">
        {on ? '› ' : '  '}
        {clip(f.label, LABEL_W).padEnd(LABEL_W)} {f.breached ? 'BREACHED ' : ''}
        {oneLine(f.display)}
      </Text>
      {on ? (
        <>
          <Text dimColor wrap="truncate">
            {'    = '}
            {clip(oneLine(f.formula), width - 6)}
          </Text>
          <Text dimColor wrap="truncate">
            {'    '}
            {clip(
              Object.entries(f.inputs)
                .map(([k, v]) => `${k}: ${typeof v === 'number' ? formatNumber(v, 4) : oneLine(String(v))}`)
                .join(' · '),
              width - 4,
            )}
          </Text>
        </>
      ) : null}
    </Box>
  );
}

function View({ ctx }: { ctx: StepContext<ImpactUi> }) {
  const { ui, session: s, theme } = ctx;
  const report = impactOf(s);
  const isWide = wide(ctx);
  const colW = isWide ? Math.floor(ctx.body.columns / 2) - 1 : ctx.body.columns;
  const rows = formRows(ctx);
  const allFields = impactFields(s);
  const fields = allFields.slice(ui.top, ui.top + rows);
  const formState = { ...ui.form, focus: ui.form.focus - ui.top };
  const inputs = (
    <Box flexDirection="column" width={colW}>
      <Text bold color={ui.pane === 'inputs' ? theme.ui.focus : undefined}>
        Figures the room enters {ui.top > 0 ? <Text dimColor>(↑ {ui.top} more)</Text> : null}
      </Text>
      <Form fields={fields} state={formState} value={(f) => show(f as ImpactField, s)} width={colW} focused={ui.pane === 'inputs'} labelWidth={22} />
      {ui.top + rows < allFields.length ? <Text dimColor>  ↓ {allFields.length - ui.top - rows} more</Text> : null}
    </Box>
  );
  const all: (Figure | { key: string; label: string; missing: string[] })[] = [...report.figures, ...report.missing];
  const figRows = Math.max(3, ctx.body.rows - 5);
  const start = Math.max(0, Math.min(ui.fig - Math.floor(figRows / 2), all.length - figRows));
  const figures = (
    <Box flexDirection="column" width={colW}>
      <Text bold color={ui.pane === 'figures' ? theme.ui.focus : undefined}>
        Computed ({report.figures.length} figures{report.window ? `, window from ${report.window.from}` : ''})
      </Text>
      {all.slice(start, start + figRows).map((f, i) => {
        const on = ui.pane === 'figures' && start + i === ui.fig;
        if ('formula' in f) return <FigureLine key={f.key} f={f} on={on} width={colW} theme={theme} />;
        return (
          <Text key={f.key} dimColor={!on} color={on ? theme.ui.selection : undefined} wrap="truncate">
            {on ? '› ' : '  '}
            {clip(f.label, LABEL_W).padEnd(LABEL_W)} needs {f.missing.join(', ')}
          </Text>
        );
      })}
      {report.notes.slice(0, 2).map((n) => (
        <Text key={n} color={theme.status.info} wrap="truncate">
          ℹ {oneLine(n)}
        </Text>
      ))}
    </Box>
  );
  const proposed = proposedMoments(s);
  const leftOut = proposed.length ? (
    <Text color={theme.status.warning} wrap="truncate">
      ⚠ left out until confirmed on the Timeline (2, t): proposed {proposed.join(', ')}
    </Text>
  ) : null;
  if (isWide)
    return (
      <Box flexDirection="column">
        {leftOut}
        <Box>
          {inputs}
          <Text> </Text>
          {figures}
        </Box>
      </Box>
    );
  return (
    <Box flexDirection="column">
      {leftOut ?? <Text dimColor>← → switch between the inputs and the computed figures</Text>}
      {ui.pane === 'inputs' ? inputs : figures}
    </Box>
  );
}

export default defineStep<ImpactUi>({
  id: 'impact',
  initialState: () => ({ pane: 'inputs', form: initialForm, top: 0, fig: 0 }),
  View,
  handleKey,
  keys,
  capturesInput: (ui) => ui.form.edit !== null,
});
