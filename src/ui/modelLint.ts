// Claude in the live language checks (issues 6 and 7). When the session's assistant is Claude (a key
// is configured and the room granted consent), a text the offline rules flag as blame, or an action
// title they flag as vague, is sent for a rewrite once the typing pauses. When Claude's answer passes
// the same rules (src/assistant checks it before it returns), it becomes the first finding under the
// field and Ctrl+F accepts it; until then, or when Claude fails, the rules' own rewrite stays there.
// No React here: the App owns one instance and re-renders when `onChange` fires.
import { rewriteText, sharpenItem } from '../assistant/index.js';
import type { AssistContext, Assistant } from '../assistant/types.js';
import type { ActionItem } from '../domain/schema.js';
import { clip, oneLine } from '../domain/text.js';
import type { LintFinding } from './steps/types.js';

export type LintAs = 'prose' | 'action';

type Entry = { state: 'pending' } | { state: 'done'; finding: LintFinding } | { state: 'failed'; note: string };

export interface ModelLintOptions {
  /** the Claude assistant when it may be used right now (consent given), else null */
  assistant(): Assistant | null;
  /** the session and today's date for the request */
  context(): Omit<AssistContext, 'signal'>;
  /** something changed (an answer arrived, a request started or failed): re-render and say it */
  onChange(message: string, level: 'info' | 'success' | 'warn'): void;
  /** how long the text must stay unchanged before it is sent (ms) */
  delayMs?: number;
  /** answers kept (most recent texts) */
  cacheSize?: number;
  /** requests in flight at most */
  maxInFlight?: number;
}

export interface ModelLint {
  /** `base` (the offline findings) with Claude's rewrite first when it is ready; schedules a request when not */
  lint(text: string, as: LintAs, base: LintFinding[]): LintFinding[];
  /** the request state for a text: none, pending, done or failed */
  state(text: string, as: LintAs): Entry['state'] | 'none';
  /** a key was pressed: forget the text waiting to be sent (the next render names what is on screen) */
  touch(): void;
  /** cancel what is in flight and stop the timer */
  dispose(): void;
}

/** Action rules a model rewrite of the title answers (owner, date and done-when have their own fields). */
const ACTION_TRIGGERS = new Set(['vague-action', 'people-fix-action', 'symptom-only']);

/** The offline findings that make a text worth sending: blame (not advice), or a vague action title. */
export function modelTriggers(as: LintAs, base: readonly LintFinding[]): LintFinding[] {
  if (as === 'action') return base.filter((f) => ACTION_TRIGGERS.has(f.rule) || (f.kind === 'blame' && f.severity !== 'info'));
  return base.filter((f) => f.kind !== 'action' && f.severity !== 'info');
}

function draftItem(title: string): ActionItem {
  return { id: 'draft', title, doneWhen: '', ownerRole: '', owner: null, due: null, horizon: 'short', priority: 'P2', factors: [], tracker: null, status: 'open' };
}

export function createModelLint(opts: ModelLintOptions): ModelLint {
  const delay = opts.delayMs ?? 700;
  const size = opts.cacheSize ?? 100;
  const maxInFlight = opts.maxInFlight ?? 2;
  const cache = new Map<string, Entry>();
  const controllers = new Set<AbortController>();
  let wanted: { key: string; text: string; as: LintAs; trigger: LintFinding } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  const keyOf = (text: string, as: LintAs) => `${as}\u0000${text}`;
  const put = (key: string, e: Entry) => {
    cache.delete(key);
    if (cache.size >= size) cache.delete(cache.keys().next().value as string);
    cache.set(key, e);
  };

  const start = () => {
    timer = null;
    const w = wanted;
    if (!w || disposed || cache.has(w.key) || controllers.size >= maxInFlight) return;
    const assistant = opts.assistant();
    if (!assistant || assistant.id !== 'claude') return;
    wanted = null;
    const ac = new AbortController();
    controllers.add(ac);
    put(w.key, { state: 'pending' });
    const ctx: AssistContext = { ...opts.context(), signal: ac.signal };
    const what = w.as === 'action' ? 'a sharper item' : 'a blameless rewrite';
    opts.onChange(`Asking Claude for ${what}…`, 'info');
    const done = (e: Entry, message: string, level: 'success' | 'warn') => {
      controllers.delete(ac);
      if (disposed || ac.signal.aborted) return;
      put(w.key, e);
      opts.onChange(message, level);
    };
    const failed = (note: string | undefined) =>
      done({ state: 'failed', note: note ?? 'Claude did not answer' }, clip(oneLine(note ?? "Claude did not answer; the rules' rewrite stays"), 160), 'warn');
    if (w.as === 'action') {
      sharpenItem(assistant, draftItem(w.text), ctx).then(
        (r) => {
          const title = oneLine(r.result.title);
          if (r.provider !== 'claude' || !title || title === oneLine(w.text)) return failed(r.note);
          const fill: NonNullable<LintFinding['fill']> = {};
          if (r.result.doneWhen.trim()) fill.doneWhen = oneLine(r.result.doneWhen);
          if (r.result.ownerRole.trim()) fill.ownerRole = oneLine(r.result.ownerRole);
          if (r.result.due) fill.due = r.result.due;
          const finding: LintFinding = {
            rule: 'claude-sharpen',
            kind: 'action',
            severity: w.trigger.severity,
            span: w.trigger.span,
            message: "Claude's sharper item",
            suggestion: title,
            whole: true,
            fill,
          };
          done({ state: 'done', finding }, 'Claude proposed a sharper item: Ctrl+F accepts it.', 'success');
        },
        (err: unknown) => failed(err instanceof Error ? err.message : String(err)),
      );
    } else {
      rewriteText(assistant, w.text, ctx).then(
        (r) => {
          const text = oneLine(r.result.rewrite);
          if (r.provider !== 'claude' || !text || text === oneLine(w.text)) return failed(r.note);
          const finding: LintFinding = {
            rule: 'claude-rewrite',
            kind: 'blame',
            severity: w.trigger.severity,
            span: w.trigger.span,
            message: "Claude's blameless rewrite",
            suggestion: text,
            whole: true,
          };
          done({ state: 'done', finding }, 'Claude proposed a blameless rewrite: Ctrl+F accepts it.', 'success');
        },
        (err: unknown) => failed(err instanceof Error ? err.message : String(err)),
      );
    }
  };

  return {
    lint(text, as, base) {
      if (disposed || !text.trim()) return base;
      const triggers = modelTriggers(as, base);
      if (triggers.length === 0) return base;
      const assistant = opts.assistant();
      if (!assistant || assistant.id !== 'claude') return base;
      const key = keyOf(text, as);
      const e = cache.get(key);
      if (e?.state === 'done') return [e.finding, ...base];
      if (e) return base;
      // the latest flagged text is sent once it has stayed the same for `delay` ms
      // (a key press forgets it: see touch)
      if (wanted?.key !== key) {
        wanted = { key, text, as, trigger: triggers[0]! };
        if (timer) clearTimeout(timer);
        timer = null;
      }
      if (!timer) {
        timer = setTimeout(start, delay);
        timer.unref?.();
      }
      return base;
    },
    state(text, as) {
      return cache.get(keyOf(text, as))?.state ?? 'none';
    },
    touch() {
      wanted = null;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      for (const c of controllers) c.abort();
      controllers.clear();
    },
  };
}
