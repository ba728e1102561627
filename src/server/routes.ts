import type { IncomingMessage, ServerResponse } from "node:http";
import { DEV_JWKS_PATH } from "../config.js";
import { playgroundAsset, type Asset } from "../playground/assets.js";
import { PLAYGROUND_CSP, playgroundPage } from "../playground/page.js";
import { addVary, sendJson, wantsHtml } from "./respond.js";

export interface Routes {
  graphql(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void>;
  ready(res: ServerResponse): Promise<void>;
  /** OPTIONS on any path: CORS preflights (Apollo would refuse them as CSRF). */
  preflight(req: IncomingMessage, res: ServerResponse): void;
  /** Prometheus text, or undefined when metrics are off. */
  metrics?: { contentType: string; render(): Promise<string> };
  playground: boolean;
  /** AUTH_DEV=on: the development key pair's public JWKS, served at DEV_JWKS_PATH. */
  devJwks?: object;
}

/**
 * The gateway's HTTP routes: /graphql, the playground at / (and /graphql for browsers) with its
 * /playground/ files, /health, /ready, /metrics (and the dev JWKS under AUTH_DEV=on). Only
 * /graphql needs a caller's token (./authenticate.ts).
 */
export function router(routes: Routes) {
  return async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    const { pathname, search } = requestTarget(req.url ?? "/");
    const isGet = req.method === "GET" || req.method === "HEAD";
    if (req.method === "OPTIONS") return routes.preflight(req, res);
    if (pathname === "/graphql" && !(isGet && wantsHtml(req) && !new URLSearchParams(search).has("query"))) return routes.graphql(req, res, requestId);
    if (!isGet) return sendJson(res, 405, { error: "Method not allowed" });
    if ((pathname === "/" || pathname === "/graphql") && routes.playground) return sendPlayground(req, res);
    const asset = routes.playground && pathname.startsWith("/playground/") ? playgroundAsset(pathname) : undefined;
    if (asset) return sendAsset(req, res, asset);
    if (pathname === "/health") return sendJson(res, 200, { status: "ok" });
    if (pathname === "/ready") return routes.ready(res);
    if (pathname === DEV_JWKS_PATH && routes.devJwks) return sendJson(res, 200, routes.devJwks);
    if (pathname === "/metrics" && routes.metrics) {
      res.writeHead(200, { "content-type": routes.metrics.contentType, "cache-control": "no-store" });
      return void res.end(req.method === "HEAD" ? undefined : await routes.metrics.render());
    }
    sendJson(res, 404, { error: `No route for ${pathname}; GraphQL is served at /graphql` });
  };
}

/** The path and query of a request target; `/graphql…`, nearly every request, without parsing a URL. */
function requestTarget(url: string): { pathname: string; search: string } {
  if (url.startsWith("/graphql") && (url.length === 8 || url[8] === "?")) return { pathname: "/graphql", search: url.slice(8) };
  const { pathname, search } = new URL(url, "http://gateway");
  return { pathname, search };
}

function sendPlayground(req: IncomingMessage, res: ServerResponse): void {
  const page = playgroundPage();
  const gzip = acceptsGzip(req);
  const body = gzip ? page.gzip : page.body;
  addVary(res, "accept", "accept-encoding");
  res.writeHead(200, {
    "content-type": "text/html; charset=utf-8",
    "content-length": body.length,
    "content-security-policy": PLAYGROUND_CSP,
    "x-content-type-options": "nosniff",
    "cache-control": "no-cache",
    ...(gzip && { "content-encoding": "gzip" }),
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

/** A playground file: its path holds its content hash, so it may be cached for good. */
function sendAsset(req: IncomingMessage, res: ServerResponse, asset: Asset): void {
  const gzip = asset.gzip && acceptsGzip(req) ? asset.gzip : undefined;
  const body = gzip ?? asset.body;
  res.writeHead(200, {
    "content-type": asset.contentType,
    "content-length": body.length,
    "x-content-type-options": "nosniff",
    "cache-control": "public, max-age=31536000, immutable",
    vary: "accept-encoding",
    ...(gzip && { "content-encoding": "gzip" }),
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

function acceptsGzip(req: IncomingMessage): boolean {
  return /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
}
