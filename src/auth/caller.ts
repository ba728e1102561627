import { createHash } from "node:crypto";
import { VENDORS, type Vendor } from "../domain/vendor.js";

/** The scopes the gateway's fields need: reads and writes are granted apart. */
export const READ_SCOPE = "relations:read";
export const WRITE_SCOPE = "relations:write";
export type Scope = typeof READ_SCOPE | typeof WRITE_SCOPE;

/** Per vendor, the connection names a caller may use, or "*" for all of them. */
export type ConnectionGrants = ReadonlyMap<Vendor, ReadonlySet<string> | "*">;

/**
 * Who is calling, as far as the gateway's decisions go: the scopes the token grants and the
 * connections it names. `OPEN_CALLER` is every request when caller authentication is off.
 */
export class Caller {
  constructor(
    private readonly scopes: ReadonlySet<string> | "*",
    /** null: the token names no connections, so every connection is allowed. */
    readonly grants: ConnectionGrants | null,
    /**
     * Who the token speaks for, as a fingerprint of its issuer and subject ("" when authentication
     * is off): what the caller writes under an idempotency key is theirs alone.
     */
    readonly principal = "",
  ) {}

  has(scope: Scope): boolean {
    return this.scopes === "*" || this.scopes.has(scope);
  }

  /** The scopes granted, for messages (the gateway's own scopes only: a token may carry many others). */
  gatewayScopes(): Scope[] {
    return [READ_SCOPE, WRITE_SCOPE].filter((scope) => this.has(scope as Scope)) as Scope[];
  }

  mayUse(vendor: Vendor, connection: string): boolean {
    if (this.grants === null) return true;
    const granted = this.grants.get(vendor);
    return granted === "*" || (granted !== undefined && granted.has(connection));
  }
}

export const OPEN_CALLER = new Caller("*", null);

/**
 * The connections claim: `VENDOR/connection` entries (an array, or one space- or comma-separated
 * string); `VENDOR/*` grants all of that vendor's. Entries for vendors this gateway does not
 * serve grant nothing; undefined when the claim has another shape.
 */
export function parseGrants(claim: unknown): ConnectionGrants | undefined {
  const entries = typeof claim === "string" ? claim.split(/[\s,]+/).filter((e) => e !== "") : claim;
  if (!Array.isArray(entries) || !entries.every((e): e is string => typeof e === "string")) return undefined;
  const grants = new Map<Vendor, Set<string> | "*">();
  for (const entry of entries) {
    const slash = entry.indexOf("/");
    const vendor = VENDORS.find((v) => v === entry.slice(0, slash));
    if (slash < 0 || vendor === undefined) continue;
    const connection = entry.slice(slash + 1);
    const granted = grants.get(vendor);
    if (connection === "*") grants.set(vendor, "*");
    else if (granted === undefined) grants.set(vendor, new Set([connection]));
    else if (granted !== "*") granted.add(connection);
  }
  return grants;
}

/** Scopes from `scope` (a space-separated string, RFC 8693) or `scp` (a string or an array, as Azure AD sends it). */
export function parseScopes(payload: Readonly<Record<string, unknown>>): Set<string> {
  const scopes = new Set<string>();
  for (const claim of [payload.scope, payload.scp]) {
    const values = typeof claim === "string" ? claim.split(" ") : Array.isArray(claim) ? claim : [];
    for (const value of values) if (typeof value === "string" && value !== "") scopes.add(value);
  }
  return scopes;
}

/**
 * A token's principal: its issuer and subject (or, for a client's own token without `sub`, its
 * `azp`/`client_id`), hashed so that no claim value is kept or logged.
 */
export function principalOf(payload: Readonly<Record<string, unknown>>): string {
  const subject = [payload.sub, payload.azp, payload.client_id].find((v): v is string => typeof v === "string" && v !== "") ?? "";
  return createHash("sha256").update(JSON.stringify([payload.iss ?? "", subject])).digest("base64url").slice(0, 22);
}
