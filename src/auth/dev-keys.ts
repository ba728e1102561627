import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JSONWebKeySet, type JWK } from "jose";
import { DEV_AUDIENCE, DEV_ISSUER } from "../config.js";

/**
 * The development key pair (AUTH_DEV=on, `npm run token`): made once into the git-ignored
 * `.dev-auth/` of the working directory, private key readable by its owner only. Config refuses
 * AUTH_DEV under NODE_ENV=production, and the token script refuses to run there.
 */

export const DEV_ALGORITHM = "RS256";
const FILE = "key.json";

export function devKeyDir(): string {
  return resolve(".dev-auth");
}

/** The private JWK, made on first use. */
export async function devPrivateJwk(dir = devKeyDir()): Promise<JWK> {
  const path = join(dir, FILE);
  const existing = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (existing !== undefined) return JSON.parse(existing) as JWK;
  const { privateKey } = await generateKeyPair(DEV_ALGORITHM, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: DEV_ALGORITHM, use: "sig", kid: `dev-${Date.now().toString(36)}` };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // `wx`: when two processes make it at once, the first one's key is kept and read back.
  await writeFile(path, JSON.stringify(jwk), { mode: 0o600, flag: "wx" }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  return JSON.parse(await readFile(path, "utf8")) as JWK;
}

/** The public half as a JWKS, what the gateway serves and checks tokens against under AUTH_DEV=on. */
export async function devPublicJwks(dir = devKeyDir()): Promise<JSONWebKeySet> {
  const { kty, n, e, alg, use, kid } = await devPrivateJwk(dir);
  return { keys: [{ kty, n, e, alg, use, kid }] };
}

export interface DevTokenRequest {
  /** Space-separated scopes, e.g. "relations:read relations:write". */
  scope: string;
  /** `VENDOR/connection` pairs; undefined: no connections claim (every connection). */
  connections?: string[];
  subject: string;
  expiresInSeconds: number;
}

/** A token for the gateway under AUTH_DEV=on, signed with the development key pair. */
export async function mintDevToken(request: DevTokenRequest, dir = devKeyDir()): Promise<string> {
  const jwk = await devPrivateJwk(dir);
  const key = (await importJWK(jwk, DEV_ALGORITHM)) as CryptoKey;
  return new SignJWT({ scope: request.scope, ...(request.connections && { connections: request.connections }) })
    .setProtectedHeader({ alg: DEV_ALGORITHM, kid: jwk.kid!, typ: "JWT" })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(request.subject)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + request.expiresInSeconds)
    .sign(key);
}
