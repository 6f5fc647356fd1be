// Mount the console on a terminal and resolve when the meeting is left. The CLI calls this; the UI
// does no file I/O itself (saving and exporting are callbacks).
import { render } from 'ink';
import { lintForConsole } from '../analysis/lint.js';
import { selectAssistant } from '../assistant/index.js';
import { reduce } from '../domain/reducer.js';
import type { Session } from '../domain/schema.js';
import type { SaveStatus, SimilarIncident } from '../store/types.js';
import { App, type ExitResult } from './App.js';
import { agendaSummary } from './widgets/Agenda.js';
import { STEP_MODULES } from './steps/index.js';
import type { AnyStep, Linter } from './steps/types.js';
import { themeFor } from './theme.js';
import type { StepId } from '../domain/schema.js';

export interface LaunchOptions {
  session: Session;
  readOnly?: boolean;
  readOnlyReason?: string;
  /** called after every change with the new session (never blocks; the saver queues it) */
  onSave(session: Session): void;
  /** wait for queued saves to reach the disk */
  flush(): Promise<unknown>;
  /** subscribe to save status (Saver.onStatus); returns an unsubscribe function */
  saveStatus?: (cb: (status: SaveStatus) => void) => () => void;
  /** write the Markdown post-mortem; resolves to the path written */
  exportMarkdown?(session: Session): Promise<string>;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  /** live language checks (default: src/analysis/lint.ts lintForConsole, the blame and action-item rules) */
  lint?: Linter;
  /** earlier incidents like this one, e.g. `(s) => similarIncidents(store, s)` from src/store */
  similarIncidents?(session: Session): Promise<SimilarIncident[]>;
  /** route console.* above the frame (default true; tests under vitest turn it off) */
  patchConsole?: boolean;
  /** a line for the status bar when the console opens */
  notice?: string;
  /** the assistant: 'claude' needs a key (config/env) and consent, asked for in the console */
  ai?: 'offline' | 'claude';
  /** override step modules (tests) */
  steps?: Partial<Record<StepId, AnyStep>>;
}

export interface LaunchResult {
  exitCode: number;
  session: Session;
  /** time per step against its timebox, for the line printed on exit: "Intake 0:42/5m · Timeline 21:10/20m!" */
  timeSummary: string;
  /** what Ctrl+C could not keep of the text being edited (e.g. an action item not yet saved by its Save row) */
  unsaved?: string;
}

export async function launchConsole(opts: LaunchOptions): Promise<LaunchResult> {
  const now = opts.now ?? Date.now;
  const env = opts.env ?? process.env;
  const readOnly = opts.readOnly ?? false;
  // the meeting clock runs while the console is open
  const opened = readOnly ? opts.session : reduce(opts.session, { type: 'meeting/resume', at: new Date(now()).toISOString() });
  if (opened !== opts.session) opts.onSave(opened);
  let result: ExitResult = { exitCode: 0, session: opened };
  const steps = { ...STEP_MODULES, ...opts.steps };
  const instance = render(
    <App
      session={opened}
      steps={steps}
      now={now}
      onSave={opts.onSave}
      onExit={(r) => {
        result = r;
      }}
      readOnly={readOnly}
      readOnlyReason={opts.readOnlyReason}
      saveStatus={opts.saveStatus}
      exportMarkdown={opts.exportMarkdown}
      lint={opts.lint ?? lintForConsole}
      similarIncidents={opts.similarIncidents}
      opening={!readOnly && opts.session.meeting.clock.startedAt === null}
      {...(opts.notice ? { notice: opts.notice } : {})}
      assistantFor={(s) => selectAssistant(s, { ...(opts.ai ? { ai: opts.ai } : {}), env })}
      theme={themeFor(env)}
    />,
    {
      stdin: opts.stdin ?? process.stdin,
      stdout: opts.stdout ?? process.stdout,
      exitOnCtrlC: false,
      patchConsole: opts.patchConsole ?? true,
      maxFps: 30,
    },
  );
  try {
    await instance.waitUntilExit();
  } finally {
    await opts.flush();
  }
  return { ...result, timeSummary: agendaSummary(result.session, now()) };
}
