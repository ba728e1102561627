import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Sealer } from "./sealer.js";
import { parseTokens, type CredentialStore, type StoredTokens, type Unlock } from "./store.js";

/**
 * Tokens in one JSON file (CREDENTIALS_FILE), each value sealed: for a single replica without
 * Redis, so a restart carries on with the rotated refresh token. Written whole to a temporary
 * file and renamed, so a crash leaves the old file or the new one, never half of one.
 */
export class FileCredentialStore implements CredentialStore {
  readonly shared = false;

  constructor(
    private readonly path: string,
    private readonly sealer: Sealer,
  ) {}

  async get(key: string): Promise<StoredTokens | null> {
    const sealed = this.read().get(key);
    const plain = sealed === undefined ? null : this.sealer.open(sealed, key);
    return plain === null ? null : parseTokens(plain);
  }

  async put(key: string, tokens: StoredTokens): Promise<void> {
    const all = this.read();
    all.set(key, this.sealer.seal(JSON.stringify(tokens), key));
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(Object.fromEntries(all), null, 2), { mode: 0o600 });
    renameSync(temporary, this.path);
  }

  /** One process uses the file: its provider's single flight is the lock. */
  async lock(): Promise<Unlock> {
    return async () => undefined;
  }

  async close(): Promise<void> {}

  private read(): Map<string, string> {
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Map();
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return new Map();
      return new Map(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
    } catch {
      return new Map();
    }
  }
}
