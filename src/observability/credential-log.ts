import type { CredentialObserver } from "../credentials/services.js";
import type { Logger } from "./logger.js";

/** One log line per refresh: who, how it ended, when the token expires; never a token. */
export function credentialLog(logger: Logger): CredentialObserver {
  return {
    refreshed({ target, outcome, expiresAt, durationMs, errorCode }) {
      const fields = {
        vendor: target.vendor,
        connection: target.connection,
        outcome,
        durationMs: Math.round(durationMs),
        ...(expiresAt !== undefined && { expiresAt: new Date(expiresAt).toISOString() }),
        ...(errorCode !== undefined && { errorCode }),
      };
      if (outcome === "refreshed" || outcome === "shared") logger.info(fields, "vendor credential refreshed");
      else if (outcome === "unstored") logger.warn(fields, "vendor credential refreshed but not stored (the credential store is unavailable)");
      else logger.warn(fields, "vendor credential refresh failed");
    },
  };
}
