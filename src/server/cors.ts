import type { IncomingMessage, ServerResponse } from "node:http";
import type { CorsConfig } from "../config.js";
import { addVary, sendJson } from "./respond.js";

/** What a browser page may send cross-origin (its preflight asks; anything else is refused by the browser). */
export const CORS_ALLOWED_HEADERS = [
  "content-type",
  // The caller's bearer token (caller authentication).
  "authorization",
  "apollo-require-preflight",
  "x-apollo-operation-name",
  "x-request-id",
  "idempotency-key",
  "traceparent",
  "tracestate",
  "accept-language",
];
export const CORS_ALLOWED_METHODS = ["GET", "POST", "OPTIONS"];
/** Readable by the page from a cross-origin answer (CORS hides other headers). */
const EXPOSED_HEADERS = "x-request-id";
/** How long a browser may reuse a preflight's answer. */
const MAX_AGE_SECONDS = "600";

/**
 * CORS from CORS_ORIGINS / CORS_CREDENTIALS. It only decides which pages may read answers;
 * Apollo's CSRF prevention still refuses "simple" requests (no JSON content type, no
 * `apollo-require-preflight` header), so a page that is not allowed cannot trigger work either.
 */
export function corsPolicy(config: CorsConfig) {
  const allows = (origin: string | undefined): origin is string =>
    origin !== undefined && (config.origins === "*" || config.origins.includes(origin));

  const allowOrigin = (res: ServerResponse, origin: string) => {
    res.setHeader("access-control-allow-origin", config.origins === "*" ? "*" : origin);
    if (config.credentials) res.setHeader("access-control-allow-credentials", "true");
  };

  return {
    /** On every answer: `Vary: Origin` (caches must not mix origins), and the allow headers for an allowed origin. */
    decorate(req: IncomingMessage, res: ServerResponse): void {
      addVary(res, "origin");
      if (!allows(req.headers.origin)) return;
      allowOrigin(res, req.headers.origin);
      res.setHeader("access-control-expose-headers", EXPOSED_HEADERS);
    },

    /** OPTIONS on any path: a preflight gets 204 with what it may send, or 403 for an origin not in CORS_ORIGINS. */
    preflight(req: IncomingMessage, res: ServerResponse): void {
      const origin = req.headers.origin;
      if (origin === undefined || req.headers["access-control-request-method"] === undefined) {
        res.writeHead(204, { allow: CORS_ALLOWED_METHODS.join(", ") });
        return void res.end();
      }
      if (!allows(origin)) return sendJson(res, 403, { error: "Origin not allowed: set CORS_ORIGINS to let browser pages of other origins call the gateway" });
      allowOrigin(res, origin);
      addVary(res, "access-control-request-method", "access-control-request-headers");
      res.writeHead(204, {
        "access-control-allow-methods": CORS_ALLOWED_METHODS.join(", "),
        "access-control-allow-headers": CORS_ALLOWED_HEADERS.join(", "),
        "access-control-max-age": MAX_AGE_SECONDS,
      });
      res.end();
    },
  };
}
