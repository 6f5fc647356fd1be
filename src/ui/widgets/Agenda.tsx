// The agenda: each step's time used against its timebox, and the total.
import { Box, Text } from 'ink';
import { STEP_LABELS, STEPS, type Session, type StepId } from '../../domain/schema.js';
import { stepElapsed } from '../../domain/session.js';
import { useTheme } from '../context.js';
import { formatDuration } from '../layout.js';

export interface AgendaRow {
  step: StepId;
  label: string;
  usedMs: number;
  plannedMin: number;
  over: boolean;
}

/** Time used and planned per step (pure; `now` in epoch ms). */
export function agendaRows(s: Session, now: number): AgendaRow[] {
  return STEPS.map((step) => {
    const usedMs = stepElapsed(s, step, now);
    const plannedMin = s.meeting.timeboxes[step] ?? 0;
    return { step, label: STEP_LABELS[step], usedMs, plannedMin, over: plannedMin > 0 && usedMs > plannedMin * 60_000 };
  });
}

/** "Intake 4:10/5m · Timeline 18:00/20m …" for the wrap-up. */
export function agendaSummary(s: Session, now: number): string {
  return agendaRows(s, now)
    .filter((r) => r.usedMs > 0)
    .map((r) => `${r.label} ${formatDuration(r.usedMs)}/${r.plannedMin}m${r.over ? '!' : ''}`)
    .join(' · ');
}

export function AgendaView({ session, now, cursor, width }: { session: Session; now: number; cursor: number; width: number }) {
  const theme = useTheme();
  const rows = agendaRows(session, now);
  const totalUsed = rows.reduce((a, r) => a + r.usedMs, 0);
  const totalPlanned = rows.reduce((a, r) => a + r.plannedMin, 0);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.ui.border} paddingX={1} width={Math.min(width, 64)}>
      <Text bold>Agenda · time used / planned (+ and - change the timebox)</Text>
      {rows.map((r, i) => {
        const on = i === cursor;
        const current = session.meeting.step === r.step;
        return (
          <Text key={r.step} color={on ? theme.ui.selection : r.over ? theme.status.warning : undefined} bold={on}>
            {on ? '› ' : '  '}
            {current ? '● ' : session.meeting.done.includes(r.step) ? '✓ ' : '○ '}
            {r.label.padEnd(10)} {formatDuration(r.usedMs).padStart(7)} / {String(r.plannedMin).padStart(3)}m{r.over ? '  over' : ''}
          </Text>
        );
      })}
      <Text dimColor>
        {'    '}
        {'Total'.padEnd(10)} {formatDuration(totalUsed).padStart(7)} / {String(totalPlanned).padStart(3)}m
      </Text>
    </Box>
  );
}

/** Attendees who have not spoken on the current step (observers are not expected to). */
export function quietAttendees(s: Session): string[] {
  const spoken = new Set(s.meeting.spoken[s.meeting.step] ?? []);
  return s.meeting.attendees.filter((a) => a.role !== 'observer' && !spoken.has(a.name)).map((a) => a.name);
}

export function VoicesView({ session, cursor, width }: { session: Session; cursor: number; width: number }) {
  const theme = useTheme();
  const spoken = new Set(session.meeting.spoken[session.meeting.step] ?? []);
  const quiet = quietAttendees(session);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.ui.border} paddingX={1} width={Math.min(width, 64)}>
      <Text bold>Voices on {STEP_LABELS[session.meeting.step]} · Space marks who has spoken</Text>
      {session.meeting.attendees.map((a, i) => {
        const on = i === cursor;
        return (
          <Text key={a.name} color={on ? theme.ui.selection : undefined} bold={on}>
            {on ? '› ' : '  '}[{spoken.has(a.name) ? 'x' : ' '}] {a.name} <Text dimColor>({a.role})</Text>
          </Text>
        );
      })}
      <Text color={quiet.length ? theme.status.info : theme.status.success}>
        {quiet.length ? `Not heard yet: ${quiet.join(', ')}. Invite them in.` : 'Everyone has spoken on this step.'}
      </Text>
    </Box>
  );
}
