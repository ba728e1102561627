import { createPrivateKey, createSign, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import { UpstreamError, type UpstreamTarget } from "../../errors.js";
import { postForm, TokenRefusal, type MintedToken, type TokenSource } from "../../credentials/token-endpoint.js";

/**
 * SuperOffice's system user: the app signs `{systemUserToken}.{yyyyMMddHHmm UTC}` with its RSA key
 * (RSA-SHA256, PKCS#1 v1.5), PartnerSystemUser/Authenticate answers a JWT (verified against the
 * environment's OpenID metadata and keys), and its ticket claim is sent as `SOTicket <ticket>`.
 */

export const TICKET_CLAIM = "http://schemes.superoffice.net/identity/ticket";
/** A ticket lives 6 h, sliding; a new one is minted after 5 h (or on a 401), never more often otherwise. */
const TICKET_USE_S = 5 * 3_600;

const AuthenticateAnswer = z.object({ IsSuccessful: z.boolean(), Token: z.string().nullish() });
const Metadata = z.object({ issuer: z.string().min(1), jwks_uri: z.url() });

export interface SystemUserOptions {
  url: string;
  systemUserToken: string;
  privateKey: KeyObject;
  /** The app's client secret (SO-AppToken). */
  appToken: string;
  contextIdentifier: string;
  target: UpstreamTarget;
  name: string;
}

/** The PEM text as configured, or the file's: a KeyObject, or a message saying what is wrong (never the key). */
export function privateKeyOf(pem: string | undefined, file: string | undefined): KeyObject {
  const text = pem ?? readFileSync(file!, "utf8");
  return createPrivateKey(text.includes("\\n") ? text.replace(/\\n/g, "\n") : text);
}

/** `yyyyMMddHHmm` in UTC. */
export function signedAtStamp(now: Date): string {
  return now.toISOString().slice(0, 16).replace(/[-T:]/g, "");
}

export function signSystemToken(systemUserToken: string, key: KeyObject, now: Date = new Date()): string {
  const data = `${systemUserToken}.${signedAtStamp(now)}`;
  return `${data}.${createSign("RSA-SHA256").update(data).sign(key, "base64")}`;
}

export function systemUserSource(options: SystemUserOptions): TokenSource {
  const origin = new URL(options.url).origin;
  let keys: Promise<{ issuer: string; jwks: JWTVerifyGetKey }> | undefined;
  const verifier = (deadline: number) => {
    keys ??= metadata(origin, deadline, options).catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    return keys;
  };
  return {
    rotates: false,
    async fetch(_refreshToken, deadline): Promise<MintedToken> {
      const body = JSON.stringify({
        SignedSystemToken: signSystemToken(options.systemUserToken, options.privateKey),
        ApplicationToken: options.appToken,
        ContextIdentifier: options.contextIdentifier,
        ReturnTokenType: "JWT",
      });
      const answer = AuthenticateAnswer.safeParse(await postForm(options.url, body, "application/json", { deadline, target: options.target, name: options.name }));
      if (!answer.success) throw badAnswer(options, "answered the system-user login without IsSuccessful");
      // Its ErrorMessage may quote what was sent: only the fact is passed on.
      if (!answer.data.IsSuccessful || !answer.data.Token) {
        throw new TokenRefusal(`The system-user login of ${options.name} refused: system_user_refused`, options.target, 200, "system_user_refused");
      }
      const { issuer, jwks } = await verifier(deadline);
      let claims: Record<string, unknown>;
      try {
        claims = (await jwtVerify(answer.data.Token, jwks, { issuer })).payload;
      } catch {
        throw badAnswer(options, "answered a system-user token that does not verify against its OpenID keys");
      }
      const ticket = claims[TICKET_CLAIM];
      if (typeof ticket !== "string" || ticket === "") throw badAnswer(options, "answered a system-user token without a ticket");
      const exp = typeof claims.exp === "number" ? claims.exp - Date.now() / 1000 : TICKET_USE_S;
      return { authorization: `SOTicket ${ticket}`, expiresIn: Math.max(1, Math.min(exp, TICKET_USE_S)) };
    },
  };
}

/** `{origin}/login/.well-known/openid-configuration`: the issuer and the keys tokens are checked against. */
async function metadata(origin: string, deadline: number, options: SystemUserOptions): Promise<{ issuer: string; jwks: JWTVerifyGetKey }> {
  const left = Math.max(1, deadline - Date.now());
  let res: Response;
  try {
    res = await fetch(`${origin}/login/.well-known/openid-configuration`, { signal: AbortSignal.timeout(left) });
  } catch {
    throw new UpstreamError("UPSTREAM_UNAVAILABLE", `The OpenID metadata of ${options.name} could not be read`, options.target);
  }
  if (!res.ok) throw new UpstreamError("UPSTREAM_UNAVAILABLE", `The OpenID metadata of ${options.name} failed with HTTP ${res.status}`, options.target, res.status);
  const parsed = Metadata.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) throw badAnswer(options, "serves OpenID metadata without issuer and jwks_uri");
  return { issuer: parsed.data.issuer, jwks: createRemoteJWKSet(new URL(parsed.data.jwks_uri), { timeoutDuration: Math.min(left, 5_000) }) };
}

function badAnswer(options: SystemUserOptions, what: string): UpstreamError {
  return new UpstreamError("UPSTREAM_BAD_RESPONSE", `The login of ${options.name} ${what}`, options.target);
}
