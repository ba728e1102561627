import { context, isSpanContextValid, trace } from "@opentelemetry/api";
import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

export interface LoggerOptions {
  level: string;
  /** Where lines go; stdout when omitted. Tests pass a stream to capture the output. */
  destination?: DestinationStream;
  /** Human-readable lines instead of JSON; defaults to "stdout is a TTY" when no destination is given. */
  pretty?: boolean;
  /** Without a destination: the file descriptor or path JSON lines go to (stdout by default; the bench uses /dev/null). */
  file?: number | string;
  /** Trace and span ids on lines logged inside a span (default on); off when tracing is, so no line pays for looking. */
  traceIds?: boolean;
  /** Without a destination: bytes of lines waiting to be written beyond which new lines are dropped (LOG_BUFFER_MAX_BYTES; no cap when omitted). */
  maxBufferBytes?: number;
}

type SonicBoom = ReturnType<typeof pino.destination>;

const destinations = new WeakMap<Logger, FileLines>();

/**
 * The gateway's pino logger: JSON lines (or pino-pretty on a terminal). Call sites log
 * allow-listed fields only (./request-log.ts, ./upstream-log.ts); nothing logs headers, bodies or URLs,
 * and the serializers below reduce any `err` to its type and message.
 */
export function createLogger(options: LoggerOptions): Logger {
  const usePretty = options.pretty ?? (options.destination === undefined && process.stdout.isTTY === true);
  const destination = usePretty
    ? pretty({
        destination: options.destination ?? 1,
        colorize: options.destination === undefined,
        translateTime: "SYS:HH:MM:ss.l",
        ignore: "pid,hostname",
        sync: true,
      })
    : // Asynchronous: lines written while a write is out go out together in the next one (under load, one
      // syscall for many lines, not one per line each request waits for). endLogs writes the rest on exit.
      (options.destination ?? bytesTo(options.file ?? 1, options.maxBufferBytes));
  const logger = pino(
    {
      level: options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // pino's stock err/req/res serializers copy stacks, headers and URLs: replace them.
      serializers: { err: errorSummary, error: errorSummary, req: dropped, res: dropped },
      ...(options.traceIds !== false && { mixin: traceFields }),
    },
    destination,
  );
  if (destination instanceof FileLines) destinations.set(logger, destination);
  return logger;
}

/** Lines the logger's destination dropped so far (gateway_log_lines_dropped_total); 0 for a destination passed in. */
export function logLinesDropped(logger: Logger): number {
  return destinations.get(logger)?.dropped ?? 0;
}

/**
 * Before a graceful exit: resolves once the lines logged so far are written, or at `deadline`
 * (epoch ms), whichever comes first. Never blocks: a second signal is still heard meanwhile.
 */
export function drainLogs(logger: Logger, deadline: number): Promise<void> {
  return destinations.get(logger)?.drained(deadline) ?? Promise.resolve();
}

/**
 * Right before the process exits: writes what the destination takes at once and lets go of the
 * rest, so that exiting never waits on a destination that takes nothing more (pino's own exit
 * hook retries a full pipe for ever).
 */
export function endLogs(logger: Logger): void {
  destinations.get(logger)?.end();
}

/**
 * An asynchronous file destination that keeps lines as bytes. In its default mode sonic-boom
 * appends each line to the string waiting for the next write and measures that string's UTF-8
 * length, which makes V8 copy it whole: with a write out under load, every line copied all the
 * lines before it (10 KB per M1 operation for its two lines). In buffer mode it keeps a list and
 * joins it once per write. A destination that takes nothing more (a pipe nobody reads) makes it
 * retry the write; meanwhile lines beyond `maxBytes` are dropped and counted, never held or waited for.
 */
function bytesTo(dest: number | string, maxBytes: number | undefined): DestinationStream {
  return new FileLines(dest, maxBytes);
}

class FileLines implements DestinationStream {
  /** Lines dropped because the destination had taken no more while `maxBytes` of them waited. */
  dropped = 0;
  /** Every line written so far is out (sonic-boom says "drain" when its last write completes). */
  private idle = true;
  private ended = false;
  private readonly file: SonicBoom;

  constructor(dest: number | string, maxBytes: number | undefined) {
    this.file = pino.destination({
      dest,
      sync: false,
      contentMode: "buffer",
      maxLength: maxBytes ?? 0,
      // EAGAIN: the destination is full for now. Retried (every 100 ms) while running; not once the logs are ended.
      retryEAGAIN: () => !this.ended,
    });
    this.file.on("drop", () => this.dropped++);
    this.file.on("drain", () => (this.idle = true));
  }

  write(line: string): void {
    if (this.ended) {
      this.dropped++;
      return;
    }
    this.idle = false;
    // sonic-boom's types say string; in buffer mode it takes (and wants) a Buffer.
    this.file.write(Buffer.from(line) as unknown as string);
  }

  flush(done: (error?: Error) => void): void {
    this.file.flush(done);
  }

  drained(deadline: number): Promise<void> {
    if (this.idle || this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.file.off("drain", done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
      this.file.on("drain", done);
    });
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    try {
      // Writes what the destination takes now; a full one (EAGAIN) ends it, with no retry.
      this.file.flushSync();
    } catch {
      // Full, or never opened: what is left is dropped.
    }
    // Destroyed, it is left alone by pino's exit hook.
    this.file.destroy();
  }
}

/** Name and message only: a stack or a cause could carry anything. */
export function errorSummary(error: unknown): { type: string; message: string } {
  if (error instanceof Error) return { type: error.constructor.name, message: error.message };
  if (error && typeof error === "object" && "type" in error && "message" in error) {
    return { type: String(error.type), message: String(error.message) };
  }
  return { type: typeof error, message: String(error) };
}

/** With tracing on, every line logged while serving a request carries its trace and span ids. Fresh object: pino writes into it. */
function traceFields(): object {
  const span = trace.getSpanContext(context.active());
  return span && isSpanContextValid(span) ? { traceId: span.traceId, spanId: span.spanId } : {};
}

function dropped(): string {
  return "[omitted]";
}
