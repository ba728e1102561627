import { Counter, Gauge, type Registry } from "prom-client";
import type { CredentialObserver } from "../credentials/services.js";

/** What the expiry gauge reads when /metrics is scraped: each minted credential's expiry. */
export interface CredentialExpiries {
  expiries(): Array<{ vendor: string; connection: string; expiresAt: number | undefined }>;
}

/**
 * `gateway_credential_refresh_total{vendor,connection,outcome}` and
 * `gateway_credential_expiry_seconds{vendor,connection}` (seconds the held token has left;
 * negative once expired). Labels are configured connection names, so the set is bounded.
 */
export function credentialMetrics(registry: Registry, source: () => CredentialExpiries | undefined): CredentialObserver {
  const refreshes = new Counter({
    name: "gateway_credential_refresh_total",
    help: "Vendor credential refreshes by outcome: refreshed (fetched here), shared (read from the store), unstored, invalid, unavailable",
    labelNames: ["vendor", "connection", "outcome"],
    registers: [registry],
  });
  new Gauge({
    name: "gateway_credential_expiry_seconds",
    help: "Seconds until the held vendor access token expires",
    labelNames: ["vendor", "connection"],
    registers: [registry],
    collect() {
      this.reset();
      const now = Date.now();
      for (const { vendor, connection, expiresAt } of source()?.expiries() ?? []) {
        if (expiresAt !== undefined) this.set({ vendor, connection }, Math.round((expiresAt - now) / 1000));
      }
    },
  });
  return {
    refreshed: ({ target, outcome }) => refreshes.inc({ vendor: target.vendor, connection: target.connection, outcome }),
  };
}
