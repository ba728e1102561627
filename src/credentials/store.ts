/**
 * Where a connection's fetched tokens live between refreshes and restarts: the access token,
 * and the refresh token a rotating endpoint handed back (the configured seed is spent once used).
 * Redis when REDIS_URL is set (replicas share it), else CREDENTIALS_FILE, else memory (only for
 * tokens a restart can fetch again). The file and Redis hold them encrypted (./sealer.ts).
 */

export interface StoredTokens {
  /** The Authorization value to send, e.g. `Bearer …`. */
  authorization: string;
  /** Epoch ms the access token stops being valid. */
  expiresAt: number;
  /** When it was fetched: a replica waiting on another's refresh takes a newer one than its own. */
  issuedAt: number;
  /** The refresh token to use next (rotating endpoints). */
  refreshToken?: string;
  /** Fingerprint of the configured seed `refreshToken` descends from: a new seed (the operator authorised again) wins over it. */
  seed?: string;
}

/** Releases a lock (only if still held by its taker). */
export type Unlock = () => Promise<void>;

export interface CredentialStore {
  /** Replicas see each other's tokens and locks. */
  readonly shared: boolean;
  get(key: string): Promise<StoredTokens | null>;
  put(key: string, tokens: StoredTokens): Promise<void>;
  /** Taken by the one replica that refreshes; null while another holds it (it expires after `ttlMs`). */
  lock(key: string, ttlMs: number): Promise<Unlock | null>;
  close(): Promise<void>;
}

/** One process's tokens, gone at restart: for modes whose tokens can always be fetched again. */
export class MemoryCredentialStore implements CredentialStore {
  readonly shared = false;
  private readonly tokens = new Map<string, StoredTokens>();

  async get(key: string): Promise<StoredTokens | null> {
    return this.tokens.get(key) ?? null;
  }

  async put(key: string, tokens: StoredTokens): Promise<void> {
    this.tokens.set(key, tokens);
  }

  /** One process: the provider's single flight already makes it the only refresher. */
  async lock(): Promise<Unlock> {
    return async () => undefined;
  }

  async close(): Promise<void> {}
}

/** A stored value that is not what the gateway wrote: treated as absent. */
export function parseTokens(text: string): StoredTokens | null {
  try {
    const value = JSON.parse(text) as Partial<StoredTokens>;
    return typeof value.authorization === "string" && typeof value.expiresAt === "number" && typeof value.issuedAt === "number"
      ? (value as StoredTokens)
      : null;
  } catch {
    return null;
  }
}
