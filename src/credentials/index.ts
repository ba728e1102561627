import type { CredentialsConfig } from "../config.js";
import { FileCredentialStore } from "./file-store.js";
import { RedisCredentialStore } from "./redis-store.js";
import { Sealer } from "./sealer.js";
import { MemoryCredentialStore, type CredentialStore } from "./store.js";

/**
 * The credential store the configuration asks for: Redis when REDIS_URL is set (replicas share
 * tokens and the refresh lock), else CREDENTIALS_FILE, else memory; sealed under CREDENTIALS_KEY.
 * (config.ts has already refused a store without a key.)
 */
export async function createCredentialStore(
  config: { redisUrl?: string; credentials: CredentialsConfig },
  onError?: (error: Error) => void,
): Promise<CredentialStore> {
  const { key, file } = config.credentials;
  if (!key) return new MemoryCredentialStore();
  const sealer = new Sealer(key);
  if (config.redisUrl) {
    const store = new RedisCredentialStore(config.redisUrl, sealer, { onError });
    // The gateway starts either way; a refresh while Redis is away is a typed failure.
    await store.connect().catch((error: Error) => onError?.(error));
    return store;
  }
  return file ? new FileCredentialStore(file, sealer) : new MemoryCredentialStore();
}
