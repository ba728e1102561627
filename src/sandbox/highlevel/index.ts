import type { HighLevelConnection } from "../../vendors/highlevel/module.js";
import { generateSecret, header, startSandboxServer, type RecordedRequest, type SandboxReply } from "../http.js";
import type { Sandbox, SandboxOptions } from "../types.js";
import { HIGHLEVEL_DEMO } from "./data.js";
import { SlidingWindowLimiter, type RateLimitOptions } from "./rate-limit.js";
import { noRoute, tooManyRequests, unauthorized } from "./replies.js";
import { highLevelRoutes } from "./routes.js";
import { HighLevelStore } from "./store.js";

export { HIGHLEVEL_DEMO } from "./data.js";
export type { RateLimitOptions } from "./rate-limit.js";

/** The one API version this sandbox (and the gateway) speaks. */
export const HIGHLEVEL_API_VERSION = "2021-07-28";

export interface HighLevelSandboxOptions extends SandboxOptions {
  /** Burst and daily limits per location; the bench raises them. */
  rateLimit?: RateLimitOptions;
}

export interface HighLevelSandbox extends Sandbox<HighLevelConnection> {
  /** A connection with a token of the second demo location (its token is refused in the main one). */
  otherLocationConnection(name?: string): HighLevelConnection;
}

/**
 * A loopback HighLevel API v2: Bearer sub-account tokens bound to one location each, the
 * `Version: 2021-07-28` header, DTO validation (422), the vendor's error bodies, per-location
 * rate limits with X-RateLimit-* headers, and the association/relation rules.
 */
export async function startHighLevelSandbox(options: HighLevelSandboxOptions = {}): Promise<HighLevelSandbox> {
  const store = new HighLevelStore();
  const limiter = new SlidingWindowLimiter(options.rateLimit);
  const tokens = new Map<string, string>([
    [generateSecret("hl-pit-"), HIGHLEVEL_DEMO.locationId],
    [generateSecret("hl-pit-"), HIGHLEVEL_DEMO.otherLocationId],
  ]);
  const tokenOf = (locationId: string) => [...tokens].find(([, loc]) => loc === locationId)![0];
  const locationOf = (req: RecordedRequest): string | undefined => {
    const match = /^Bearer\s+(\S+)$/i.exec(header(req, "authorization")?.trim() ?? "");
    return match ? tokens.get(match[1]!) : undefined;
  };
  const router = highLevelRoutes(store, (req) => locationOf(req) ?? "");

  async function handle(req: RecordedRequest): Promise<SandboxReply> {
    const location = locationOf(req);
    // Unauthenticated calls share one bucket, so every answer carries the headers.
    const rate = limiter.take(location ?? "");
    const reply = rate.allowed ? await answer(req, location) : tooManyRequests();
    return { ...reply, headers: { ...reply.headers, ...rate.headers } };
  }

  async function answer(req: RecordedRequest, location: string | undefined): Promise<SandboxReply> {
    if (!location) return unauthorized("Invalid JWT");
    const version = header(req, "version");
    if (version === undefined) return unauthorized("version header was not found.");
    if (version !== HIGHLEVEL_API_VERSION) return unauthorized("version header is invalid");
    return (await router.dispatch(req)) ?? noRoute(req.method, req.path);
  }

  const server = await startSandboxServer(handle, { port: options.port });
  const connectionFor =
    (locationId: string) =>
    (name = "default"): HighLevelConnection => ({
      name,
      baseUrl: server.origin,
      token: tokenOf(locationId),
      locationId,
      sandbox: true,
    });
  return Object.assign(server, {
    vendor: "HIGHLEVEL" as const,
    baseUrl: server.origin,
    connection: connectionFor(HIGHLEVEL_DEMO.locationId),
    otherLocationConnection: connectionFor(HIGHLEVEL_DEMO.otherLocationId),
  });
}
