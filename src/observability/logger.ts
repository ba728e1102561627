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
}

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
      // syscall for many lines, not one per line each request waits for). pino flushes the rest on exit.
      (options.destination ?? bytesTo(options.file ?? 1));
  return pino(
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
}

/**
 * An asynchronous file destination that keeps lines as bytes. In its default mode sonic-boom
 * appends each line to the string waiting for the next write and measures that string's UTF-8
 * length, which makes V8 copy it whole: with a write out under load, every line copied all the
 * lines before it (10 KB per M1 operation for its two lines). In buffer mode it keeps a list and
 * joins it once per write. pino still flushes it on exit.
 */
function bytesTo(dest: number | string): DestinationStream {
  const file = pino.destination({ dest, sync: false, contentMode: "buffer" });
  return {
    // sonic-boom's types say string; in buffer mode it takes (and wants) a Buffer.
    write: (line: string) => file.write(Buffer.from(line) as unknown as string),
    flush: (done: (error?: Error) => void) => file.flush(done),
  } as DestinationStream;
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
