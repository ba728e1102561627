import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JSONWebKeySet, type JWK } from "jose";

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

export async function devSigningKey(dir = devKeyDir()): Promise<{ key: CryptoKey | Uint8Array; kid: string }> {
  const jwk = await devPrivateJwk(dir);
  return { key: await importJWK(jwk, DEV_ALGORITHM), kid: jwk.kid! };
}
