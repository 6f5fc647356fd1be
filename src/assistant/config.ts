// Assistant configuration: ~/.config/debrief/config.json (XDG_CONFIG_HOME respected), then the environment.
// The app decides "AI on/off" itself: a Claude client is created only when a key is configured.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

export type AiMode = 'offline' | 'claude';

/** A current fast model for live questions, and a stronger one for drafting. Never a deprecated id. */
export const DEFAULT_MODEL = 'claude-haiku-5-5';
export const DEFAULT_DRAFT_MODEL = 'claude-sonnet-5-5';
/** Deprecated ids (SDK 1.14 deprecated-models list): refused, so the SDK never warns on stderr mid-meeting. */
export const DEPRECATED_MODELS = /^(?:claude-sonnet-4-5|claude-opus-4-5|claude-mythos-preview|claude-3)/;

export interface AssistantConfig {
  /** the provider the user asked for (Claude still needs a key and consent) */
  ai: AiMode;
  apiKey: string | null;
  /** explicit API base URL (tests, proxies); null = the SDK default */
  baseURL: string | null;
  model: string;
  draftModel: string;
  /** per-attempt timeout for live questions */
  timeoutMs: number;
  maxRetries: number;
  /** a file the SDK's log lines go to; null = SDK logging off (never stdout) */
  debugLog: string | null;
  /** the config file that was read, if any */
  file: string | null;
  /** problems found in the config, one line each (shown on the status line, never thrown) */
  warnings: string[];
}

const FileSchema = z
  .object({
    ai: z.enum(['offline', 'claude']).optional(),
    apiKey: z.string().min(1).optional(),
    baseURL: z.string().url().optional(),
    model: z.string().min(1).optional(),
    draftModel: z.string().min(1).optional(),
    timeoutMs: z.number().int().positive().max(600_000).optional(),
    maxRetries: z.number().int().min(0).max(5).optional(),
    debugLog: z.string().min(1).optional(),
  })
  .passthrough();

export function configDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(base, 'debrief');
}

export function configPath(env: NodeJS.ProcessEnv = process.env, home?: string): string {
  return join(configDir(env, home), 'config.json');
}

export interface LoadConfigOptions {
  home?: string;
  /** read a file; null when it does not exist (tests pass their own) */
  read?: (path: string) => string | null;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function pickModel(value: string | undefined, fallback: string, what: string, warnings: string[]): string {
  if (!value) return fallback;
  if (DEPRECATED_MODELS.test(value)) {
    warnings.push(`${what} "${value}" is deprecated; using ${fallback} instead`);
    return fallback;
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: LoadConfigOptions = {}): AssistantConfig {
  const warnings: string[] = [];
  const path = configPath(env, opts.home);
  const raw = (opts.read ?? readOrNull)(path);
  let file: z.infer<typeof FileSchema> = {};
  let fileUsed: string | null = null;
  if (raw !== null) {
    try {
      const parsed = FileSchema.safeParse(JSON.parse(raw));
      if (parsed.success) {
        file = parsed.data;
        fileUsed = path;
      } else {
        const issue = parsed.error.issues[0];
        warnings.push(`${path}: ${issue ? `${issue.path.join('.') || 'config'}: ${issue.message}` : 'invalid'}; using defaults`);
      }
    } catch {
      warnings.push(`${path}: not valid JSON; using defaults`);
    }
  }
  const envAi = env.DEBRIEF_AI?.trim().toLowerCase();
  if (envAi && envAi !== 'offline' && envAi !== 'claude') warnings.push(`DEBRIEF_AI="${envAi}" is not offline or claude; ignored`);
  const apiKey = env.ANTHROPIC_API_KEY?.trim() || file.apiKey || null;
  const ai: AiMode = envAi === 'offline' || envAi === 'claude' ? envAi : (file.ai ?? (apiKey ? 'claude' : 'offline'));
  const timeoutEnv = Number(env.DEBRIEF_AI_TIMEOUT_MS);
  return {
    ai,
    apiKey,
    baseURL: env.ANTHROPIC_BASE_URL?.trim() || file.baseURL || null,
    model: pickModel(env.DEBRIEF_MODEL?.trim() || file.model, DEFAULT_MODEL, 'model', warnings),
    draftModel: pickModel(env.DEBRIEF_DRAFT_MODEL?.trim() || file.draftModel, DEFAULT_DRAFT_MODEL, 'draft model', warnings),
    timeoutMs: Number.isFinite(timeoutEnv) && timeoutEnv > 0 ? timeoutEnv : (file.timeoutMs ?? 15_000),
    maxRetries: file.maxRetries ?? 1,
    debugLog: env.DEBRIEF_AI_LOG?.trim() || file.debugLog || null,
    file: fileUsed,
    warnings,
  };
}
