import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";
import type { JwtAuthConfig } from "../../src/config.js";

/** A key pair the test identity provider signs with; `kid` names it in the JWKS. */
export interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export const ISSUER = "https://idp.test/";
export const AUDIENCE = "api://crm-relations-gateway";

export async function makeKey(kid: string, alg = "RS256"): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, privateKey, publicKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

/**
 * A test identity provider on loopback: serves a JWKS over node:http (which keys it serves can
 * change while it runs: key rotation), counts its fetches, and signs tokens.
 */
export async function startTestIdp() {
  let served: TestKey[] = [await makeKey("key-1")];
  let fetches = 0;
  let failing = false;
  const server: Server = createServer((req, res) => {
    fetches++;
    if (failing) {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: served.map((k) => k.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`);

  return {
    url,
    get fetches() {
      return fetches;
    },
    get key() {
      return served[0]!;
    },
    /** The gateway's auth config for this provider (short cooldown, so tests can see a refetch). */
    config(overrides: Partial<JwtAuthConfig> = {}): JwtAuthConfig {
      return {
        mode: "jwt",
        jwksUrl: url,
        issuer: ISSUER,
        audience: [AUDIENCE],
        algorithms: ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"],
        connectionsClaim: "connections",
        jwksTimeoutMs: 1_000,
        jwksCooldownMs: 0,
        jwksCacheMaxAgeMs: 600_000,
        dev: false,
        ...overrides,
      };
    },
    /** Serve these keys from now on. */
    serve(keys: TestKey[]) {
      served = keys;
    },
    /** Answer 503 to JWKS fetches (or serve again). */
    fail(on: boolean) {
      failing = on;
    },
    /** A token signed by `key` (the served one by default), valid for 5 minutes unless claims say otherwise. */
    sign(claims: JWTPayload = {}, key: TestKey = served[0]!, alg = "RS256"): Promise<string> {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: "caller-1", iat: now, exp: now + 300, ...claims })
        .setProtectedHeader({ alg, kid: key.kid, typ: "JWT" })
        .sign(key.privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TestIdp = Awaited<ReturnType<typeof startTestIdp>>;

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** `alg: none`: no signature at all. */
export function unsignedToken(claims: JWTPayload): string {
  return `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
}

/** The classic confusion attack: HS256 with the provider's public key (which anyone can fetch) as the HMAC secret. */
export async function hmacWithPublicKey(claims: JWTPayload, key: TestKey): Promise<string> {
  const secret = await exportSPKI(key.publicKey);
  const input = `${b64({ alg: "HS256", typ: "JWT", kid: key.kid })}.${b64(claims)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

export function validClaims(extra: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return { iss: ISSUER, aud: AUDIENCE, sub: "caller-1", iat: now, exp: now + 300, scope: "relations:read relations:write", ...extra };
}
