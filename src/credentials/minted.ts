import { setTimeout as sleep } from "node:timers/promises";
import { UpstreamError } from "../errors.js";
import type { Credential, CredentialMode, CredentialProvider, CredentialRequest } from "./credential.js";
import { fingerprint } from "./fingerprint.js";
import type { CredentialServices, RefreshRecord } from "./services.js";
import type { StoredTokens } from "./store.js";
import { TokenRefusal, type TokenSource } from "./token-endpoint.js";

/** Refresh ahead of expiry by a fifth of the token's lifetime, and by no more than this. */
const MAX_AHEAD_MS = 5 * 60_000;
/** How long a refresh's lock outlives its longest fetch (UPSTREAM_TIMEOUT_MS), should its holder die. */
const LOCK_SLACK_MS = 5_000;
/** How often a replica waiting on another's refresh looks in the store. */
const WAIT_POLL_MS = 100;
/** Spent refresh tokens still scrubbed from vendor text. */
const REPLACED_KEPT = 3;
/** Token endpoint refusals (RFC 6749 §5.2) no retry can turn into a token: the grant or client must change. */
const PERMANENT_REFUSALS: ReadonlySet<string> = new Set(["invalid_grant", "invalid_client", "unauthorized_client"]);
/** Back-off after a failed refresh: doubling from the first, up to the last. */
const BACKOFF_MS = [1_000, 30_000] as const;

/**
 * A connection's token fetched from its source (an OAuth grant, a vendor's ticket exchange) and
 * kept fresh: refreshed ahead of expiry, one refresh at a time however many requests wait, one
 * per expiry across replicas (a lock in the shared store; a waiting replica reads the new token
 * from it), and renewed once after a vendor's 401. A failed refresh is a typed error and backs
 * off before the next try; the next one after that recovers without a restart.
 */
export class MintedCredentials implements CredentialProvider {
  private held: { credential: Credential; tokens: StoredTokens } | null = null;
  private flight: Promise<Credential> | null = null;
  private failure: { error: UpstreamError; until: number; count: number } | null = null;
  private readonly key: string;
  private readonly seed: string | undefined;
  /** Refresh tokens held before the current one, newest first (a few). */
  private replaced: string[] = [];

  constructor(
    readonly mode: Exclude<CredentialMode, "static" | "caller">,
    private readonly source: TokenSource,
    private readonly services: CredentialServices,
    /** What makes this credential the same across restarts and replicas (token URL, client id, user): keys the store. */
    identity: string,
  ) {
    const { vendor, connection } = services.target;
    this.key = `${vendor}/${connection}/${fingerprint(identity)}`;
    this.seed = source.seed === undefined ? undefined : fingerprint(source.seed);
  }

  tenantOf(): string {
    return "";
  }

  credential(request: CredentialRequest): Credential | Promise<Credential> {
    const held = this.held;
    const now = Date.now();
    if (held && now < held.tokens.expiresAt) {
      // Still valid: served at once, and refreshed behind it once inside the window ahead of expiry.
      if (now >= refreshAt(held.tokens) && !this.flight && !this.backingOff(now)) this.refresh(Infinity).catch(() => undefined);
      return held.credential;
    }
    return this.refresh(request.deadline);
  }

  renew(used: Credential, request: CredentialRequest): Promise<Credential> {
    // Another call of the same expiry renewed it already.
    if (this.held && this.held.credential !== used && Date.now() < this.held.tokens.expiresAt) return Promise.resolve(this.held.credential);
    return this.refresh(request.deadline, used);
  }

  /** The refresh token held and the ones it replaced lately (a vendor may echo a spent one). */
  secrets(): readonly string[] {
    const refreshToken = this.held?.tokens.refreshToken;
    return refreshToken ? [refreshToken, ...this.replaced] : this.replaced;
  }

  refused(): UpstreamError | undefined {
    const error = this.failure?.error;
    return error instanceof TokenRefusal && error.endpointCode !== undefined && PERMANENT_REFUSALS.has(error.endpointCode) ? error : undefined;
  }

  /** Epoch ms the held token expires, for the expiry gauge. */
  expiresAt(): number | undefined {
    return this.held?.tokens.expiresAt;
  }

  /** One refresh in flight per connection; each waiter gives up at its own deadline. */
  private refresh(deadline: number, rejected?: Credential): Promise<Credential> {
    const failure = this.failure;
    if (failure && this.backingOff(Date.now())) return Promise.reject(failure.error);
    const flight = (this.flight ??= this.run(rejected).finally(() => (this.flight = null)));
    const left = deadline - Date.now();
    if (!Number.isFinite(left)) return flight;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(this.unavailable("did not answer within the request's deadline")), Math.max(0, left));
    });
    return Promise.race([flight, late]).finally(() => clearTimeout(timer));
  }

  private async run(rejected: Credential | undefined): Promise<Credential> {
    const started = performance.now();
    const giveUp = Date.now() + this.services.timeoutMs;
    try {
      for (;;) {
        const stored = await this.read();
        if (this.usable(stored, rejected)) return this.adopt(stored!, "shared", started);
        const unlock = await this.services.store.lock(this.key, this.services.timeoutMs + LOCK_SLACK_MS);
        if (unlock) {
          try {
            // Read again under the lock: the replica that held it before may have just stored a new one.
            const again = await this.read();
            if (this.usable(again, rejected)) return this.adopt(again!, "shared", started);
            return await this.fetchNew(again, started, giveUp);
          } finally {
            await unlock();
          }
        }
        if (Date.now() >= giveUp) throw this.unavailable("was being refreshed by another replica, which did not finish in time");
        await sleep(WAIT_POLL_MS);
      }
    } catch (error) {
      throw this.failed(error, started);
    }
  }

  private async fetchNew(stored: StoredTokens | null, started: number, giveUp: number): Promise<Credential> {
    // The newest refresh token known wins over the configured seed, unless the seed changed (authorised again).
    const known = [stored?.seed === this.seed ? stored : null, this.held?.tokens].filter((t): t is StoredTokens => !!t?.refreshToken);
    const current = known.sort((a, b) => b.issuedAt - a.issuedAt)[0]?.refreshToken ?? this.source.seed;
    const minted = await this.source.fetch(current, giveUp);
    const now = Date.now();
    const tokens: StoredTokens = {
      authorization: minted.authorization,
      issuedAt: now,
      expiresAt: now + minted.expiresIn * 1_000,
      refreshToken: minted.refreshToken ?? current,
      seed: this.seed,
    };
    if (tokens.refreshToken === undefined) delete tokens.refreshToken;
    if (tokens.seed === undefined) delete tokens.seed;
    // Held before it is stored: a rotated refresh token must not be lost with a store that failed.
    const credential = this.adopt(tokens, "refreshed", started);
    await this.services.store.put(this.key, tokens).catch(() => this.storeFailed());
    return credential;
  }

  private async read(): Promise<StoredTokens | null> {
    try {
      return await this.services.store.get(this.key);
    } catch {
      throw this.unavailable("could not be read from the credential store");
    }
  }

  /** A stored token worth taking instead of refreshing: this seed's, not the one the vendor refused, not due for refresh. */
  private usable(stored: StoredTokens | null, rejected: Credential | undefined): boolean {
    if (!stored || stored.seed !== this.seed) return false;
    if (rejected && stored.authorization === rejected.authorization) return false;
    if (this.held && stored.issuedAt < this.held.tokens.issuedAt) return false;
    return Date.now() < refreshAt(stored);
  }

  private adopt(tokens: StoredTokens, outcome: "refreshed" | "shared", started: number): Credential {
    const credential = this.held?.tokens.authorization === tokens.authorization ? this.held.credential : { authorization: tokens.authorization };
    const before = this.held?.tokens.refreshToken;
    if (before !== undefined && before !== tokens.refreshToken) this.replaced = [before, ...this.replaced].slice(0, REPLACED_KEPT);
    this.held = { credential, tokens };
    this.failure = null;
    this.observe({ outcome, expiresAt: tokens.expiresAt, started });
    return credential;
  }

  private failed(error: unknown, started: number): UpstreamError {
    const typed =
      error instanceof UpstreamError && (error.code === "UNAUTHENTICATED" || error.code === "UPSTREAM_UNAVAILABLE" || error.code === "UPSTREAM_BAD_RESPONSE")
        ? error
        : this.unavailable("failed");
    const count = (this.failure?.count ?? 0) + 1;
    const wait = Math.min(BACKOFF_MS[0] * 2 ** (count - 1), BACKOFF_MS[1]);
    this.failure = { error: typed, until: Date.now() + wait, count };
    this.observe({
      outcome: typed.code === "UNAUTHENTICATED" ? "invalid" : "unavailable",
      errorCode: typed instanceof TokenRefusal ? typed.endpointCode : undefined,
      started,
    });
    return typed;
  }

  /** The token is held here but not shared: other replicas (or a restart) cannot see it until the next refresh stores one. */
  private storeFailed(): void {
    this.services.observer?.refreshed({ target: this.services.target, outcome: "unstored", durationMs: 0 });
  }

  private backingOff(now: number): boolean {
    return this.failure !== null && now < this.failure.until;
  }

  private unavailable(what: string): UpstreamError {
    return new UpstreamError("UPSTREAM_UNAVAILABLE", `The credential of ${this.services.name} ${what}`, this.services.target);
  }

  private observe(record: { outcome: RefreshRecord["outcome"]; expiresAt?: number; errorCode?: string; started: number }): void {
    this.services.observer?.refreshed({
      target: this.services.target,
      outcome: record.outcome,
      expiresAt: record.expiresAt,
      errorCode: record.errorCode,
      durationMs: performance.now() - record.started,
    });
  }
}

/** When a token is due: ahead of expiry by a fifth of its lifetime, at most MAX_AHEAD_MS. */
function refreshAt(tokens: StoredTokens): number {
  const lifetime = Math.max(0, tokens.expiresAt - tokens.issuedAt);
  return tokens.expiresAt - Math.min(lifetime / 5, MAX_AHEAD_MS);
}
