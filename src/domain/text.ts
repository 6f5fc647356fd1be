// Text from outside (chat, files, model output) is sanitised before it reaches a screen or a document.

// CSI, OSC (terminated by BEL or ST), DCS/SOS/PM/APC strings, and two-byte ESC sequences.
const ESCAPES =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|\u009d[\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|\u001b[PX^_][\s\S]*?(?:\u001b\\|\u009c|$)|[\u0090\u0098\u009e\u009f][\s\S]*?(?:\u001b\\|\u009c|$)|\u001b[ -/]*[0-~]?/g;
// C0 (except tab and newline), DEL, C1.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Bidirectional overrides and isolates, which can make text read differently from what it is.
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** Remove terminal escape sequences, control characters and bidi overrides; keep newlines and tabs. */
export function sanitize(text: string): string {
  if (!text) return '';
  return text.replace(/\r\n?/g, '\n').replace(ESCAPES, '').replace(CONTROLS, '').replace(BIDI, '');
}

/** Sanitise and fold to one line (for lists and table cells). */
export function oneLine(text: string): string {
  return sanitize(text).replace(/\s+/g, ' ').trim();
}

/** Shorten to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  if (max <= 0) return '';
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}
