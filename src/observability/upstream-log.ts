import type { Logger } from "pino";
import type { UpstreamObserver } from "../http/observer.js";
import { round } from "./request-log.js";

/**
 * One log line per upstream call (per attempt). The record the HTTP core hands over holds
 * labels and a path template only (ids replaced by `{}`), never the URL, query, headers or body.
 */
export function upstreamLogObserver(logger: Logger): UpstreamObserver {
  return {
    callFinished(record) {
      const line = {
        requestId: record.requestId,
        vendor: record.target.vendor,
        connection: record.target.connection,
        method: record.method,
        operation: record.operation,
        status: record.status,
        ...(record.errorCode !== undefined && { errorCode: record.errorCode }),
        attempt: record.attempt,
        durationMs: round(record.durationMs),
      };
      const message = `upstream ${record.method} ${record.operation} ${record.status ?? record.errorCode ?? "failed"}`;
      if (record.errorCode !== undefined) logger.warn(line, message);
      else logger.info(line, message);
    },
  };
}
