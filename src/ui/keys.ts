// The ONE key-binding table. The root router, every step's handler, the key bar, the `?` overlay,
// the README key table and the tests (`press(app, 'step.next')`) all read it. Pure: no React, no I/O.
import type { Key } from 'ink';

/** Where a binding applies. `global` works on every step when no overlay or text field has the keys. */
export type KeyContext =
  | 'global'
  | 'list'
  | 'edit'
  | 'overlay'
  | 'intake'
  | 'timeline'
  | 'whys'
  | 'factors'
  | 'actions'
  | 'impact'
  | 'comms'
  | 'review';

export interface Binding {
  /** key specs: a printable character ('q', '?', 'U'), or a named key with modifiers:
   *  'tab', 'shift+tab', 'enter', 'escape', 'space', 'up', 'down', 'left', 'right', 'pageup',
   *  'pagedown', 'home', 'end', 'backspace', 'delete', 'ctrl+<letter>' */
  keys: readonly string[];
  /** short label for the key bar */
  label: string;
  /** one sentence for the `?` overlay and the README */
  description: string;
  context: KeyContext;
  /** shown in the key bar (the `?` overlay shows everything live) */
  bar?: boolean;
}

const b = (context: KeyContext, keys: readonly string[], label: string, description: string, bar = true): Binding => ({
  keys,
  label,
  description,
  context,
  bar,
});

export const KEYS = {
  // ── global (any step, no overlay, no text field focused) ──────────────────────────────
  'step.next': b('global', ['tab', ']'], 'next step', 'Mark this step done and go to the next step.'),
  'step.prev': b('global', ['shift+tab', '['], 'prev step', 'Go back to the previous step.'),
  'step.goto': b('global', ['1', '2', '3', '4', '5', '6', '7', '8'], 'go to step', 'Jump to step 1-8 (Intake … Review).', false),
  'app.undo': b('global', ['u', 'ctrl+z'], 'undo', 'Undo the last change (up to 100).'),
  'app.redo': b('global', ['U', 'ctrl+r'], 'redo', 'Redo the change just undone.'),
  'meeting.park': b('global', ['p'], 'park', 'Capture an off-topic point to the parking lot, from any step.'),
  'meeting.decide': b('global', ['D'], 'decision', 'Record a decision the room made, from any step.'),
  'meeting.moveOn': b('global', ['M'], 'move on', 'Enough for now: park the current thread with a note and go to the next step.', false),
  'meeting.voices': b('global', ['V'], 'voices', 'Who has spoken on this step: mark attendees, see whom to invite.', false),
  'app.presenter': b('global', ['P'], 'presenter', 'Presenter mode for screen sharing: larger spacing, no private panels (toggle).', false),
  'meeting.past': b('global', ['I'], 'past incidents', 'Earlier incidents with similar services or factors, and their still-open action items.', false),
  'meeting.agenda': b('global', ['T'], 'agenda', 'Show the agenda: time used and planned per step; change the timeboxes.', false),
  'meeting.opening': b('global', ['O'], 'opening', 'The opening screen: ground rules, agenda and attendees.', false),
  'app.help': b('global', ['?'], 'help', 'Show every key that works here.'),
  'app.quit': b('global', ['q'], 'quit', 'Save and quit (asks first).'),
  'app.saveExit': b('global', ['ctrl+c'], 'save+exit', 'Save and exit immediately, from anywhere.', false),

  // ── lists (any step that shows a list) ──────────────────────────────────────────────────
  'nav.up': b('list', ['up'], 'move', 'Move the cursor up.'),
  'nav.down': b('list', ['down'], 'down', 'Move the cursor down.', false),
  'nav.pageUp': b('list', ['pageup'], 'page up', 'Scroll one page up.', false),
  'nav.pageDown': b('list', ['pagedown'], 'page down', 'Scroll one page down.', false),
  'nav.home': b('list', ['home'], 'first', 'Go to the first item.', false),
  'nav.end': b('list', ['end'], 'last', 'Go to the last item.', false),
  'nav.left': b('list', ['left'], 'switch', 'Move left (previous column, group or document).'),
  'nav.right': b('list', ['right'], 'right', 'Move right (next column, group or document).', false),
  'item.add': b('list', ['a'], 'add', 'Add a new item here.'),
  'item.edit': b('list', ['enter', 'e'], 'edit', 'Edit the selected item or field.'),
  'item.delete': b('list', ['x'], 'delete', 'Delete the selected item (undo with u).'),
  'item.cycle': b('list', ['space'], 'cycle', 'Cycle the selected value (severity, type, role, …).'),
  'item.toggle': b('list', ['space'], 'toggle', 'Toggle the selected item.'),
  'lint.accept': b('list', ['ctrl+f'], 'accept fix', 'Accept the suggested blameless/specific rewrite.'),

  // ── text fields and forms (while a field is being edited) ─────────────────────────────
  'edit.submit': b('edit', ['enter'], 'save', 'Save this field.'),
  'edit.cancel': b('edit', ['escape'], 'cancel', 'Cancel the edit and keep the old value.'),
  'edit.nextField': b('edit', ['tab'], 'next field', 'Save and move to the next field.'),
  'edit.prevField': b('edit', ['shift+tab'], 'prev field', 'Save and move to the previous field.'),
  'edit.acceptFix': b('edit', ['ctrl+f'], 'accept fix', 'Replace the text with the suggested rewrite.'),

  // ── overlays ─────────────────────────────────────────────────────────────────────────────
  'overlay.close': b('overlay', ['escape', '?'], 'close', 'Close this overlay.'),
  'overlay.up': b('overlay', ['up'], 'scroll', 'Scroll the overlay up.'),
  'overlay.down': b('overlay', ['down'], 'down', 'Scroll the overlay down.', false),
  'confirm.yes': b('overlay', ['y'], 'yes', 'Confirm.'),
  'confirm.no': b('overlay', ['n', 'escape'], 'no', 'Cancel (the default).'),
  'confirm.toggle': b('overlay', ['left', 'right', 'tab'], 'switch', 'Move between Cancel and the action.'),
  'confirm.choose': b('overlay', ['enter'], 'choose', 'Choose the highlighted button.'),
  'voices.toggle': b('overlay', ['space'], 'spoke', 'Mark the selected attendee as having spoken on this step (or not).'),
  'agenda.more': b('overlay', ['+', '='], '+1 min', 'Give the selected step one more minute.'),
  'agenda.less': b('overlay', ['-'], '-1 min', 'Take one minute from the selected step.'),
  'agenda.up': b('overlay', ['up'], 'step', 'Select the step above.'),
  'agenda.down': b('overlay', ['down'], 'down', 'Select the step below.', false),

  // ── timeline ────────────────────────────────────────────────────────────────────────────
  'timeline.confirm': b('timeline', ['c'], 'confirm', 'Confirm the selected event.'),
  'timeline.confirmView': b('timeline', ['C'], 'confirm view', 'Confirm all events in view.'),
  'timeline.select': b('timeline', ['space'], 'select', 'Select the event (for merge).'),
  'timeline.merge': b('timeline', ['m'], 'merge', 'Merge the selected events.'),
  'timeline.split': b('timeline', ['s'], 'split', 'Split the event in two.'),
  'timeline.evidence': b('timeline', ['v'], 'evidence', 'Show the raw source excerpt of the event.'),
  'timeline.moment': b('timeline', ['t'], 'moment', 'Set a key moment (impact start … resolved) on the event.'),
  'timeline.filter': b('timeline', ['/'], 'filter', 'Fuzzy filter by text, actor or source.'),
  'timeline.filterKind': b('timeline', ['k'], 'kind', 'Filter by event kind.'),
  'timeline.filterSource': b('timeline', ['o'], 'source', 'Filter by source.'),
  'timeline.unconfirmedOnly': b('timeline', ['!'], 'unconfirmed', 'Show unconfirmed events only.'),
  'timeline.nextUnconfirmed': b('timeline', ['n'], 'next unconf.', 'Jump to the next unconfirmed event.'),
  'timeline.nextConflict': b('timeline', ['N'], 'next conflict', 'Jump to the next conflict.'),
  'timeline.resolve': b('timeline', ['r'], 'resolve', 'Step through conflicting values and pick one.'),
  'timeline.series': b('timeline', ['S'], 'series', 'Choose the metric series shown.'),

  // ── 5 whys ──────────────────────────────────────────────────────────────────────────────
  'whys.child': b('whys', ['a'], 'child why', 'Add a child "why" under the selected node.'),
  'whys.sibling': b('whys', ['s'], 'sibling', 'Add a sibling branch next to the selected node.'),
  'whys.childHow': b('whys', ['H'], 'child how', 'Add a child "how" question under the selected node.'),
  'whys.mark': b('whys', ['m'], 'mark', 'Cycle the mark: open, trigger, contributing, systemic.'),
  'whys.tag': b('whys', ['t'], 'tag', 'Tag the node with a category.'),
  'whys.mode': b('whys', ['h'], 'why/how', 'Switch the node between "why" and "how".'),
  'whys.evidence': b('whys', ['v'], 'evidence', 'Link timeline events as evidence.'),
  'whys.suggest': b('whys', ['n'], 'suggest', 'Ask the assistant for the next question.'),
  'whys.acceptSuggestion': b('whys', ['y'], 'accept', 'Accept the proposed question as a child.'),
  'whys.consent': b('whys', ['C'], 'AI consent', 'Grant or revoke consent to send the redacted incident data to Claude.'),
  'whys.promote': b('whys', ['f'], 'to factor', 'Promote the node to a contributing factor.'),
  'whys.collapse': b('whys', ['z'], 'fold', 'Fold or unfold the selected branch.'),

  // ── factors ─────────────────────────────────────────────────────────────────────────────
  'factors.type': b('factors', ['t'], 'type', 'Cycle the type: trigger, contributing, systemic, mitigator.'),
  'factors.category': b('factors', ['c'], 'category', 'Cycle the category.'),
  'factors.evidence': b('factors', ['v'], 'evidence', 'Link timeline events as evidence for the factor.'),

  // ── actions ─────────────────────────────────────────────────────────────────────────────
  'actions.done': b('actions', ['space'], 'done', 'Mark the action item done / open.'),
  'actions.factor': b('actions', ['f'], 'factor', 'Toggle a factor the item addresses (while editing factors).'),

  // ── comms ───────────────────────────────────────────────────────────────────────────────
  'comms.revert': b('comms', ['r'], 'revert', 'Drop the edit and go back to the generated draft.'),
  'comms.zone': b('comms', ['z'], 'zone', "Show the drafts' times in another time zone (the audience's)."),
  'comms.save': b('comms', ['ctrl+s'], 'save', 'Save the edited draft (Enter adds a line, Esc cancels).'),
  'comms.newline': b('comms', ['enter'], 'new line', 'Start a new line in the draft.'),
  'comms.draftAi': b('comms', ['n'], 'Claude draft', 'Ask Claude to draft this one from the confirmed facts (with consent; checked like any edit, r reverts).'),

  // ── review ──────────────────────────────────────────────────────────────────────────────
  'review.export': b('review', ['E'], 'export', 'Export the Markdown post-mortem.'),
  'review.wrapUp': b('review', ['W'], 'wrap-up', 'The closing read-back: decisions, parking lot, action items with owners and dates, score, time per step.'),
} as const satisfies Record<string, Binding>;

export type Command = keyof typeof KEYS;
export const COMMANDS = Object.keys(KEYS) as Command[];

/** The commands of one context, in table order. */
export function commandsIn(context: KeyContext): Command[] {
  return COMMANDS.filter((c) => KEYS[c].context === context);
}

export const GLOBAL_COMMANDS: Command[] = commandsIn('global');

/** Does the key event (as Ink's useInput reports it) match one key spec? */
export function matchesSpec(spec: string, input: string, key: Key): boolean {
  const parts = spec.split('+');
  const name = parts[parts.length - 1] ?? '';
  const ctrl = parts.includes('ctrl');
  const shift = parts.includes('shift');
  if (spec.length === 1) {
    // a printable character: exact, no ctrl/meta
    return input === spec && !key.ctrl && !(key.meta && !key.escape);
  }
  if (spec === 'ctrl+c' || (ctrl && name.length === 1)) return key.ctrl && input.toLowerCase() === name;
  switch (name) {
    case 'tab':
      return key.tab && key.shift === shift;
    case 'enter':
      return key.return;
    case 'escape':
      return key.escape;
    case 'space':
      return input === ' ' && !key.ctrl;
    case 'up':
      return key.upArrow;
    case 'down':
      return key.downArrow;
    case 'left':
      return key.leftArrow;
    case 'right':
      return key.rightArrow;
    case 'pageup':
      return key.pageUp;
    case 'pagedown':
      return key.pageDown;
    case 'home':
      return key.home;
    case 'end':
      return key.end;
    // Ink 6 reports the usual Backspace byte (0x7F) as key.delete: treat both as "delete left".
    case 'backspace':
      return key.backspace || key.delete;
    case 'delete':
      return key.delete;
    default:
      return false;
  }
}

/** Does the key event trigger this command? */
export function is(command: Command, input: string, key: Key): boolean {
  return KEYS[command].keys.some((spec) => matchesSpec(spec, input, key));
}

/** The first of `commands` that the key event triggers. */
export function commandFor(commands: readonly Command[], input: string, key: Key): Command | undefined {
  return commands.find((c) => is(c, input, key));
}

const NAMED_BYTES: Record<string, string> = {
  tab: '\t',
  'shift+tab': '\u001b[Z',
  enter: '\r',
  escape: '\u001b',
  space: ' ',
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  pageup: '\u001b[5~',
  pagedown: '\u001b[6~',
  home: '\u001b[H',
  end: '\u001b[F',
  backspace: '\u007f',
  delete: '\u001b[3~',
};

/** The bytes a terminal sends for a key spec (for tests and the pty e2e). */
export function specBytes(spec: string): string {
  if (spec.length === 1) return spec;
  const named = NAMED_BYTES[spec];
  if (named !== undefined) return named;
  const m = /^ctrl\+([a-z])$/.exec(spec);
  if (m?.[1]) return String.fromCharCode(m[1].charCodeAt(0) - 96);
  throw new Error(`no bytes for key spec "${spec}"`);
}

/** The bytes of a command's first key (or its n-th key). */
export function commandBytes(command: Command, which = 0): string {
  const spec = KEYS[command].keys[which];
  if (spec === undefined) throw new Error(`${command} has no key #${which}`);
  return specBytes(spec);
}

const SPEC_LABELS: Record<string, string> = {
  tab: 'Tab',
  'shift+tab': 'Shift+Tab',
  enter: 'Enter',
  escape: 'Esc',
  space: 'Space',
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  backspace: 'Backspace',
  delete: 'Del',
};

/** How a key spec is written on screen: 'ctrl+z' → 'Ctrl+Z', 'up' → '↑'. */
export function formatSpec(spec: string): string {
  if (spec.length === 1) return spec;
  const named = SPEC_LABELS[spec];
  if (named) return named;
  const m = /^ctrl\+([a-z])$/.exec(spec);
  if (m?.[1]) return `Ctrl+${m[1].toUpperCase()}`;
  return spec;
}

/** Every key of a command, e.g. 'u / Ctrl+Z'; step.goto collapses to '1-8'. */
export function formatKeys(command: Command): string {
  if (command === 'step.goto') return '1-8';
  return KEYS[command].keys.map(formatSpec).join(' / ');
}

/** The shortest key of a command, for the key bar. */
export function shortKey(command: Command): string {
  if (command === 'step.goto') return '1-8';
  // the command a screen lists for the ↑↓ pair (the other half is hidden from the bar)
  if (command === 'nav.up' || command === 'overlay.up' || command === 'agenda.up') return '↑↓';
  if (command === 'nav.left') return '←→';
  const first = KEYS[command].keys[0] ?? '';
  return formatSpec(first);
}

const CONTEXT_TITLES: Record<KeyContext, string> = {
  global: 'Everywhere',
  list: 'Lists',
  edit: 'While editing a field',
  overlay: 'Dialogs',
  intake: 'Intake',
  timeline: 'Timeline',
  whys: '5 Whys',
  factors: 'Factors',
  actions: 'Actions',
  impact: 'Impact',
  comms: 'Comms',
  review: 'Review',
};

export function contextTitle(context: KeyContext): string {
  return CONTEXT_TITLES[context];
}

/** The README key table, generated from the same table (Markdown). */
export function renderKeyTableMarkdown(): string {
  const contexts = Object.keys(CONTEXT_TITLES) as KeyContext[];
  const lines: string[] = [];
  for (const ctx of contexts) {
    const cmds = commandsIn(ctx);
    if (!cmds.length) continue;
    lines.push(`### ${CONTEXT_TITLES[ctx]}`, '', '| Key | Does |', '|---|---|');
    for (const c of cmds) {
      const keys = formatKeys(c)
        .split(' / ')
        .map((k) => `\`${k === '|' ? '\\|' : k}\``)
        .join(' / ');
      lines.push(`| ${keys} | ${KEYS[c].description} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
