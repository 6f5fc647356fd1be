// Header: title, severity, the eight steps (✓ done, ● current, ○ pending), the meeting clock and the
// current step's timebox. Only <Clock> re-renders every second.
import { Box, Text } from 'ink';
import { memo, useEffect, useState } from 'react';
import { STEP_LABELS, STEPS, type Session, type StepId } from '../../domain/schema.js';
import { meetingElapsed, stepElapsed } from '../../domain/session.js';
import { clip, oneLine } from '../../domain/text.js';
import { useTheme } from '../context.js';
import { quietAttendees } from './Agenda.js';
import { formatDuration, timeboxText } from '../layout.js';

export function stepMarker(session: Session, step: StepId): '✓' | '●' | '○' {
  if (session.meeting.step === step) return '●';
  return session.meeting.done.includes(step) ? '✓' : '○';
}

/** Once the room has started marking voices on this step (V), the attendees not heard yet, for a
 *  gentle invitation in the header ('' otherwise). Not shown while presenting: no one is named on a
 *  shared screen. */
export function quietHint(session: Session): string {
  const spoken = session.meeting.spoken[session.meeting.step] ?? [];
  if (!spoken.length) return '';
  return quietAttendees(session).map(oneLine).join(', ');
}

export interface ClockProps {
  session: Session;
  now(): number;
  /** re-render period in ms (1000: at most once per second) */
  tickMs?: number;
}

/** The only part of the header with a timer. */
export const Clock = memo(function Clock({ session, now, tickMs = 1000, quiet = '' }: ClockProps & { quiet?: string }) {
  const theme = useTheme();
  const [, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), tickMs);
    t.unref?.();
    return () => clearInterval(t);
  }, [tickMs]);
  const t = now();
  const step = session.meeting.step;
  const tb = timeboxText(stepElapsed(session, step, t), session.meeting.timeboxes[step]);
  return (
    <Text wrap="truncate">
      <Text dimColor>meeting </Text>
      {formatDuration(meetingElapsed(session, t))}
      <Text dimColor>{`  ·  ${STEP_LABELS[step]} `}</Text>
      <Text color={tb.over ? theme.status.warning : undefined} bold={tb.over}>
        {tb.over ? '⏰ ' : ''}
        {tb.text}
      </Text>
      {quiet ? <Text color={theme.status.info}>{`  ·  not heard yet: ${quiet}`}</Text> : null}
    </Text>
  );
});

export interface HeaderProps {
  session: Session;
  width: number;
  now(): number;
  readOnly?: boolean;
  tickMs?: number;
  presenter?: boolean;
}

export function Header({ session, width, now, readOnly, tickMs, presenter }: HeaderProps) {
  const theme = useTheme();
  const step = session.meeting.step;
  const idx = STEPS.indexOf(step) + 1;
  const stepText = `Step ${idx}/8 · ${STEP_LABELS[step]}`;
  const room = width - stepText.length - 'debrief  '.length - ' [SEV1]'.length - (readOnly ? ' READ-ONLY'.length : 0) - (presenter ? ' PRESENTING'.length : 0) - 4;
  const title = clip(oneLine(session.incident.title) || 'Untitled incident', Math.max(8, room));
  return (
    <Box flexDirection="column" width={width}>
      <Box justifyContent="space-between">
        <Text wrap="truncate">
          <Text bold color={theme.text.accent}>
            debrief
          </Text>
          {'  '}
          <Text bold>{title}</Text>{' '}
          <Text inverse={!theme.noColor} color={theme.status.error} bold>
            {theme.noColor ? `[${session.incident.severity}]` : ` ${session.incident.severity} `}
          </Text>
          {readOnly ? <Text color={theme.status.warning}> READ-ONLY</Text> : null}
          {presenter ? <Text color={theme.status.info}> PRESENTING</Text> : null}
        </Text>
        <Text bold>{stepText}</Text>
      </Box>
      <Text wrap="truncate">
        {STEPS.map((s, i) => {
          const m = stepMarker(session, s);
          const current = m === '●';
          return (
            <Text key={s} color={current ? theme.ui.focus : m === '✓' ? theme.status.success : theme.text.secondary} bold={current} underline={current && theme.noColor}>
              {i > 0 ? ' ' : ''}
              {m} {width >= 100 ? `${i + 1} ` : ''}
              {STEP_LABELS[s]}
            </Text>
          );
        })}
      </Text>
      <Clock session={session} now={now} tickMs={tickMs} quiet={presenter ? '' : quietHint(session)} />
    </Box>
  );
}
