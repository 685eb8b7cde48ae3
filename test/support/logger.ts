import pino from 'pino';

/** A logger that keeps its lines, for tests that check what was logged. */
export function recordingLogger(): { logger: pino.Logger; lines: Record<string, unknown>[]; messages: string[] } {
  const lines: Record<string, unknown>[] = [];
  const messages: string[] = [];
  const logger = pino(
    { level: 'info' },
    {
      write: (line: string) => {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        lines.push(parsed);
        messages.push(String(parsed.msg));
      },
    },
  );
  return { logger, lines, messages };
}
