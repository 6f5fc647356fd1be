// Semantic colour tokens. Components use these, never raw colour names. NO_COLOR → monochrome.
export interface Theme {
  noColor: boolean;
  text: { primary: string | undefined; secondary: string | undefined; accent: string | undefined; link: string | undefined };
  status: { error: string | undefined; warning: string | undefined; success: string | undefined; info: string | undefined };
  ui: { focus: string | undefined; selection: string | undefined; border: string | undefined; key: string | undefined };
  factor: Record<'trigger' | 'contributing' | 'systemic' | 'mitigator', string | undefined>;
}

export const COLOR_THEME: Theme = {
  noColor: false,
  text: { primary: undefined, secondary: 'gray', accent: 'cyan', link: 'blue' },
  status: { error: 'red', warning: 'yellow', success: 'green', info: 'cyan' },
  ui: { focus: 'cyan', selection: 'cyan', border: 'gray', key: 'cyan' },
  factor: { trigger: 'red', contributing: 'yellow', systemic: 'magenta', mitigator: 'green' },
};

/** Monochrome: no colours at all; emphasis comes from bold/inverse/markers only. */
export const NO_COLOR_THEME: Theme = {
  noColor: true,
  text: { primary: undefined, secondary: undefined, accent: undefined, link: undefined },
  status: { error: undefined, warning: undefined, success: undefined, info: undefined },
  ui: { focus: undefined, selection: undefined, border: undefined, key: undefined },
  factor: { trigger: undefined, contributing: undefined, systemic: undefined, mitigator: undefined },
};

/** NO_COLOR set to any non-empty value selects the monochrome theme (https://no-color.org). */
export function themeFor(env: NodeJS.ProcessEnv): Theme {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '' ? NO_COLOR_THEME : COLOR_THEME;
}

/** Presenter mode (a shared screen, a projector): nothing grey; secondary text and borders at full
 *  contrast. Monochrome stays monochrome. */
export function presenterTheme(theme: Theme): Theme {
  if (theme.noColor) return theme;
  return { ...theme, text: { ...theme.text, secondary: undefined }, ui: { ...theme.ui, border: 'white' } };
}
