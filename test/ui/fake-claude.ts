// One fake Messages API for a console test file: started before the tests, reset after each, closed
// at the end; `assistantFor` selects the real Claude provider (real SDK) pointed at it.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { selectAssistant } from '../../src/assistant/index.js';
import { loadConfig } from '../../src/assistant/config.js';
import type { Session } from '../../src/domain/schema.js';
import { startFake, type FakeServer } from '../assistant/fake-anthropic.js';

export function useFakeClaude(): { readonly fake: FakeServer; assistantFor(s: Session): ReturnType<typeof selectAssistant> } {
  let fake: FakeServer | undefined;
  beforeAll(async () => {
    fake = await startFake();
  });
  afterEach(() => fake?.reset());
  afterAll(async () => {
    await fake?.close();
  });
  const server = () => {
    if (!fake) throw new Error('the fake Messages API is not started yet (use it inside a test)');
    return fake;
  };
  return {
    get fake() {
      return server();
    },
    assistantFor: (s: Session) =>
      selectAssistant(s, {
        ai: 'claude',
        config: loadConfig({ ANTHROPIC_API_KEY: 'sk-ant-test-key-not-real-000000', ANTHROPIC_BASE_URL: server().url, DEBRIEF_AI_TIMEOUT_MS: '3000' }, { read: () => null }),
      }),
  };
}
