// Keeps a step's render error inside the step: the console, its keys and the saved session survive.
import { Box, Text } from 'ink';
import { Component, type ReactNode } from 'react';
import { oneLine } from '../../domain/text.js';

interface Props {
  /** a change of this key clears the error (e.g. the step id) */
  resetKey: string;
  children: ReactNode;
}

export class StepErrorBoundary extends Component<Props, { error: Error | null; key: string }> {
  override state = { error: null as Error | null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: { error: Error | null; key: string }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Box flexDirection="column">
        <Text bold>This step could not be drawn: {oneLine(this.state.error.message)}</Text>
        <Text>Your session is saved. Undo (u) the last change, or move to another step (Tab, 1-8).</Text>
      </Box>
    );
  }
}
