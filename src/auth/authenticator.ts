import { createHash } from "node:crypto";
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import type { AuthConfig, JwtAuthConfig } from "../config.js";
import { CallerUnauthenticatedError } from "../errors.js";
import { errorSummary, type Logger } from "../observability/logger.js";
import { Caller, OPEN_CALLER, parseGrants, parseScopes, principalOf } from "./caller.js";
import { devPublicJwks } from "./dev-keys.js";

/** `exp` and `nbf` are accepted this far off: the identity provider's clock and ours differ a little. */
export const CLOCK_TOLERANCE_SECONDS = 30;
/** Longer `Authorization` values are refused unread (real tokens are a few kB at most). */
const MAX_TOKEN_LENGTH = 16 * 1024;
/**
 * A verified token is remembered this long (never past its `exp`), by its SHA-256: a signature
 * check costs about a quarter of a simple operation's CPU, and clients send the same token for
 * many requests. A key dropped from the JWKS is trusted that much longer at most.
 */
const VERIFIED_TTL_MS = 60_000;
const MAX_VERIFIED = 10_000;

export interface Authenticator {
  /** Off: every request is the open caller. */
  readonly enabled: boolean;
  /** The caller an `Authorization` header value proves, or CallerUnauthenticatedError saying what was wrong. */
  authenticate(authorization: string | undefined): Promise<Caller>;
}

/**
 * Verifies callers' JWTs against the identity provider's JWKS (jose): signature with an
 * asymmetric algorithm, `exp`/`nbf` within the clock tolerance, `iss` and `aud`. The remote
 * key set is cached; an unknown `kid` refetches it (at most once per cooldown), so a rotated
 * key is picked up without a restart.
 */
export async function createAuthenticator(config: AuthConfig, logger: Logger, now: () => number = Date.now): Promise<Authenticator> {
  if (config.mode === "off") return { enabled: false, authenticate: async () => OPEN_CALLER };
  const keys = await keySet(config);
  const verified = new Map<string, { caller: Caller; until: number }>();
  return {
    enabled: true,
    async authenticate(authorization) {
      const token = bearerToken(authorization);
      const digest = createHash("sha256").update(token).digest("base64");
      const known = verified.get(digest);
      if (known && known.until > now()) return known.caller;
      verified.delete(digest);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: [...config.algorithms],
          issuer: config.issuer,
          audience: [...config.audience],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          currentDate: new Date(now()),
          requiredClaims: ["exp"],
        }));
      } catch (error) {
        throw new CallerUnauthenticatedError(reasonOf(error, logger));
      }
      const caller = callerOf(payload, config);
      // Oldest first out: a Map iterates in insertion order.
      if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
      verified.set(digest, { caller, until: Math.min(now() + VERIFIED_TTL_MS, (payload.exp! + CLOCK_TOLERANCE_SECONDS) * 1000) });
      return caller;
    },
  };
}

async function keySet(config: JwtAuthConfig): Promise<JWTVerifyGetKey> {
  if (config.jwksUrl === undefined) return createLocalJWKSet(await devPublicJwks(config.devKeyDir));
  return createRemoteJWKSet(config.jwksUrl, {
    timeoutDuration: config.jwksTimeoutMs,
    cooldownDuration: config.jwksCooldownMs,
    cacheMaxAge: config.jwksCacheMaxAgeMs,
  });
}

/** The token of `Authorization: Bearer <token>` (RFC 6750); anything else is a missing token. */
function bearerToken(authorization: string | undefined): string {
  const match = authorization === undefined ? null : /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(authorization);
  if (authorization === undefined || authorization.trim() === "") {
    throw new CallerUnauthenticatedError("Authentication required: send Authorization: Bearer <JWT>", true);
  }
  if (!match) throw new CallerUnauthenticatedError("Authorization must be a bearer token: Authorization: Bearer <JWT>", true);
  if (match[1]!.length > MAX_TOKEN_LENGTH) throw new CallerUnauthenticatedError(`Token is longer than ${MAX_TOKEN_LENGTH} characters`);
  return match[1]!;
}

function callerOf(payload: JWTPayload, config: JwtAuthConfig): Caller {
  const claim = payload[config.connectionsClaim];
  const grants = claim === undefined ? null : parseGrants(claim);
  if (grants === undefined) {
    throw new CallerUnauthenticatedError(`Token claim '${config.connectionsClaim}' must list VENDOR/connection pairs (an array of strings)`);
  }
  return new Caller(parseScopes(payload), grants, principalOf(payload));
}

/** What the caller is told about a token jose refused: which check failed, never the token or the expected values. */
function reasonOf(error: unknown, logger: Logger): string {
  if (error instanceof errors.JWTExpired) return "Token has expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return "Token audience is not accepted by this gateway";
    if (error.claim === "iss") return "Token issuer is not accepted by this gateway";
    if (error.claim === "nbf") return "Token is not valid yet (nbf)";
    return `Token claim '${error.claim}' is invalid or missing`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return "Token algorithm is not accepted (asymmetric signatures only: RS*, PS256, ES256, ES384)";
  if (error instanceof errors.JWKSNoMatchingKey) return "Token is signed with a key the identity provider's key set does not contain";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "Token signature is invalid";
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) {
    return "Token is not a valid signed JWT";
  }
  // The key set could not be had (timeout, refused, not JSON): the caller cannot be checked, so is not let in.
  logger.warn({ err: errorSummary(error) }, "caller authentication: the identity provider's key set (JWKS) could not be fetched");
  return "Token cannot be verified now: the identity provider's keys are unavailable";
}
