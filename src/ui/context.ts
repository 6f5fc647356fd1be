// React contexts shared by the console: theme and terminal size (one injectable source).
import { createContext, useContext } from 'react';
import { COLOR_THEME, type Theme } from './theme.js';
import type { TermSize } from './steps/types.js';

export const ThemeContext = createContext<Theme>(COLOR_THEME);
export const useTheme = (): Theme => useContext(ThemeContext);

export const SizeContext = createContext<TermSize>({ columns: 80, rows: 24 });
export const useTermSize = (): TermSize => useContext(SizeContext);
