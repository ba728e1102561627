import { generateSecret, type Fault, type RecordedRequest, type SandboxControls } from "./http.js";

/** Lifetime of issued access tokens when a sandbox is given none (the vendors' own is about an hour). */
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;

/** The `tokenTtlSeconds` sandbox option, checked: a whole number of seconds, at least 1. */
export function tokenTtlSeconds(value: number | undefined): number {
  if (value === undefined) return DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`tokenTtlSeconds must be a whole number of seconds ≥ 1, got ${String(value)}`);
  return value;
}

/**
 * The access tokens (or tickets) a sandbox's token endpoint issued, each bound to a subject
 * (a location, an associate…): refused once `ttlSeconds` have passed or after `revokeAll()`.
 * `sliding` renews a token's lifetime on each use, for sessions that slide.
 */
export class IssuedTokens<Subject> {
  private readonly live = new Map<string, { subject: Subject; expiresAt: number }>();

  constructor(
    readonly ttlSeconds: number,
    private readonly prefix: string,
    private readonly options: { sliding?: boolean } = {},
  ) {}

  issue(subject: Subject): string {
    this.sweep();
    const token = generateSecret(this.prefix);
    this.live.set(token, { subject, expiresAt: Date.now() + this.ttlSeconds * 1000 });
    return token;
  }

  /** The token's subject while it is live; undefined when unknown, expired or revoked. */
  use(token: string): Subject | undefined {
    const entry = this.live.get(token);
    if (!entry) return undefined;
    const now = Date.now();
    if (now >= entry.expiresAt) {
      this.live.delete(token);
      return undefined;
    }
    if (this.options.sliding) entry.expiresAt = now + this.ttlSeconds * 1000;
    return entry.subject;
  }

  revokeAll(): void {
    this.live.clear();
  }

  /** Drops expired entries, so a long-running demo does not keep every token it ever issued. */
  private sweep(): void {
    const now = Date.now();
    for (const [token, entry] of this.live) if (now >= entry.expiresAt) this.live.delete(token);
  }
}

/** What tests do to a sandbox's token endpoints and the tokens they issued. */
export interface TokenControls {
  /** Refuses every access token (and ticket) issued so far: the next call with one gets the vendor's 401. Static credentials stay valid. */
  revokeTokens(): void;
  /** The requests the token endpoints received, oldest first (they are in `requests` too, secrets as sent). */
  tokenRequests(): RecordedRequest[];
  /** Answers the next `times` (default 1) token-endpoint requests with `fault`; `clearFaults()` recovers sooner. */
  failTokenEndpoint(fault: Fault, options?: { times?: number }): void;
}

/** The token controls of a sandbox whose token endpoints are the requests `isTokenRequest` picks. */
export function tokenControls(server: SandboxControls, isTokenRequest: (req: RecordedRequest) => boolean, revoke: () => void): TokenControls {
  return {
    revokeTokens: revoke,
    tokenRequests: () => server.requests.filter(isTokenRequest),
    failTokenEndpoint: (fault, options = {}) => server.injectFault(fault, { times: options.times, match: isTokenRequest }),
  };
}
