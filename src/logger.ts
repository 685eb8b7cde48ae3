import pino from 'pino';

export type Logger = pino.Logger;

/** Logs go to standard error so that standard output stays for answers (the CLI contract). */
export function createLogger(level: string = 'info'): Logger {
  return pino({ level, base: undefined }, pino.destination(2));
}
