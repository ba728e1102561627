import pino, { type Logger } from "pino";

export type { Logger };

/** JSON logs on stdout. (Owned by the observability work: pretty output on a TTY, redaction by construction.) */
export function createLogger(options: { level: string }): Logger {
  return pino({ level: options.level, base: undefined });
}
