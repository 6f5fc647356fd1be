// Pin the environment so tests behave the same locally and in CI (CI=true changes how Ink renders).
delete process.env.CI;
delete process.env.ANTHROPIC_API_KEY;
delete process.env.ANTHROPIC_BASE_URL;
delete process.env.ANTHROPIC_LOG;
delete process.env.DEBRIEF_SESSIONS_DIR;
process.env.NO_COLOR = '1';
