// The baseline for the start-up benchmark: a minimal Ink app that renders one line and waits.
import React from 'react';
import { render, Text, useInput } from 'ink';

function App() {
  useInput(() => {});
  return React.createElement(Text, null, 'minimal ink app ready');
}
render(React.createElement(App));
