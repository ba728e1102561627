import type { SandboxMode } from "../../vendors/contract.js";
import type { HighLevelConnection } from "../../vendors/highlevel/module.js";
import { generateSecret, header, startSandboxServer, type RecordedRequest, type SandboxReply } from "../http.js";
import { IssuedTokens, tokenControls, tokenTtlSeconds } from "../tokens.js";
import type { Sandbox, SandboxCredentials, SandboxOptions } from "../types.js";
import { HIGHLEVEL_DEMO } from "./data.js";
import { HIGHLEVEL_COMPANY_ID, HIGHLEVEL_TOKEN_PATH, highLevelTokenEndpoint, newHighLevelRefreshTokens } from "./oauth.js";
import { SlidingWindowLimiter, type RateLimitOptions } from "./rate-limit.js";
import { noRoute, tooManyRequests, unauthorized } from "./replies.js";
import { highLevelRoutes } from "./routes.js";
import { HighLevelStore } from "./store.js";

export { HIGHLEVEL_DEMO } from "./data.js";
export { HIGHLEVEL_COMPANY_ID, HIGHLEVEL_SCOPES } from "./oauth.js";
export type { RateLimitOptions } from "./rate-limit.js";

/** The header a caller brings its HighLevel token in, when the sandbox connection is in caller mode. */
export const HIGHLEVEL_CALLER_HEADER = "x-highlevel-authorization";

/** The one API version this sandbox (and the gateway) speaks. */
export const HIGHLEVEL_API_VERSION = "2021-07-28";

export interface HighLevelSandboxOptions extends SandboxOptions {
  /** Burst and daily limits per location; the bench raises them. */
  rateLimit?: RateLimitOptions;
}

/** The marketplace app the sandbox registered, and a refresh token it granted for the demo location. */
export interface HighLevelCredentials extends SandboxCredentials {
  /** Spent on first use (the answer carries its successor); `grantRefreshToken()` makes more. */
  readonly refreshToken: string;
  readonly locationId: string;
  readonly companyId: string;
}

export interface HighLevelSandbox extends Sandbox<HighLevelConnection, HighLevelCredentials> {
  /** A connection with a token of the second demo location (its token is refused in the main one). */
  otherLocationConnection(name?: string): HighLevelConnection;
  /** A fresh refresh token for a location (the demo one by default), as an app install would grant. */
  grantRefreshToken(locationId?: string): string;
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
  if (options.callerToken !== undefined) tokens.set(options.callerToken, HIGHLEVEL_DEMO.locationId);
  const tokenOf = (locationId: string) => [...tokens].find(([, loc]) => loc === locationId)![0];
  // Tokens from the token endpoint: each bound to its location, refused after the TTL (401 Invalid JWT).
  const issued = new IssuedTokens<string>(tokenTtlSeconds(options.tokenTtlSeconds), "hl-oauth-");
  const refreshTokens = newHighLevelRefreshTokens();
  const client = { clientId: generateSecret("hl-client-"), clientSecret: generateSecret("hl-secret-") };
  const tokenEndpoint = highLevelTokenEndpoint(client, refreshTokens, issued);
  const isTokenRequest = (req: RecordedRequest) => req.path === HIGHLEVEL_TOKEN_PATH;
  const locationOf = (req: RecordedRequest): string | undefined => {
    const match = /^Bearer\s+(\S+)$/i.exec(header(req, "authorization")?.trim() ?? "");
    return match ? (tokens.get(match[1]!) ?? issued.use(match[1]!)) : undefined;
  };
  const router = highLevelRoutes(store, (req) => locationOf(req) ?? "");

  async function handle(req: RecordedRequest): Promise<SandboxReply> {
    // The token endpoint takes no bearer token, no Version header and is not rate-limited per location.
    if (isTokenRequest(req)) return req.method === "POST" ? tokenEndpoint(req) : noRoute(req.method, req.path);
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
  const tokenUrl = `${server.origin}${HIGHLEVEL_TOKEN_PATH}`;
  const connectionFor =
    (locationId: string) =>
    (name = "default", mode: SandboxMode = "static"): HighLevelConnection => {
      const base = { name, baseUrl: server.origin, locationId, sandbox: true };
      if (mode === "caller") return { ...base, callerHeader: HIGHLEVEL_CALLER_HEADER };
      // Each connection gets its own refresh token: the first use spends it (they rotate).
      if (mode === "oauth") return { ...base, oauth: { ...client, refreshToken: refreshTokens.grant(locationId), tokenUrl } };
      if (mode !== "static") throw new RangeError(`The HighLevel sandbox has no ${mode} credential mode`);
      return { ...base, token: tokenOf(locationId) };
    };
  const credentials: HighLevelCredentials = {
    tokenUrl,
    ...client,
    refreshToken: refreshTokens.grant(HIGHLEVEL_DEMO.locationId),
    locationId: HIGHLEVEL_DEMO.locationId,
    companyId: HIGHLEVEL_COMPANY_ID,
  };
  return Object.assign(server, {
    vendor: "HIGHLEVEL" as const,
    baseUrl: server.origin,
    credentials,
    connection: connectionFor(HIGHLEVEL_DEMO.locationId),
    otherLocationConnection: connectionFor(HIGHLEVEL_DEMO.otherLocationId),
    grantRefreshToken: (locationId: string = HIGHLEVEL_DEMO.locationId) => refreshTokens.grant(locationId),
    ...tokenControls(server, isTokenRequest, () => issued.revokeAll()),
  });
}
