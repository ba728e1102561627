import { z } from "zod";
import { CallerCredentials } from "../../credentials/caller.js";
import type { CredentialProvider } from "../../credentials/credential.js";
import { MintedCredentials } from "../../credentials/minted.js";
import type { CredentialServices } from "../../credentials/services.js";
import { StaticCredentials } from "../../credentials/static.js";
import { refreshTokenGrant } from "../../credentials/token-endpoint.js";
import { defineVendor, type Connection } from "../contract.js";
import { callerHeader, modeOf, oauthRefreshSettings, oneCredentialMode } from "../credential-settings.js";
import { httpUrl, optionalText, secret } from "../settings.js";
import { CATALOGUE_MAX_PAGES, HighLevelClient, SCAN_MAX_PAGES } from "./client.js";
import { createHighLevelPacer } from "./pacer.js";
import { validateKey } from "./validate.js";

/** HighLevel API v2 (`Version: 2021-07-28`): contacts, object records and association relations. */

export const HIGHLEVEL_DEFAULT_BASE_URL = "https://services.leadconnectorhq.com";

/** The setting that selects each credential mode. */
const MODES = { static: "token", refresh: "oauth", caller: "callerHeader" } as const;

export const highLevelSettings = z
  .object({
    baseUrl: httpUrl.default(HIGHLEVEL_DEFAULT_BASE_URL),
    /** Sub-account OAuth access token or Private Integration Token (static mode). */
    token: secret.optional(),
    /** OAuth refresh (its refresh tokens rotate); tokenUrl defaults to `{baseUrl}/oauth/token`. */
    oauth: oauthRefreshSettings.optional(),
    /** Caller mode: the incoming header whose value is sent as the Authorization header. */
    callerHeader,
    /** Default location for creates and relation lists. */
    locationId: optionalText,
  })
  .strict()
  .superRefine(oneCredentialMode(MODES));

export type HighLevelConnection = Connection<z.output<typeof highLevelSettings>>;

export const highLevel = defineVendor({
  vendor: "HIGHLEVEL",
  label: "HighLevel",
  configKey: "highlevel",
  settings: highLevelSettings,
  env: {
    settings: {
      baseUrl: "HIGHLEVEL_BASE_URL",
      token: "HIGHLEVEL_TOKEN",
      oauth: {
        clientId: "HIGHLEVEL_CLIENT_ID",
        clientSecret: "HIGHLEVEL_CLIENT_SECRET",
        refreshToken: "HIGHLEVEL_REFRESH_TOKEN",
        tokenUrl: "HIGHLEVEL_TOKEN_URL",
        redirectUri: "HIGHLEVEL_REDIRECT_URI",
      },
      callerHeader: "HIGHLEVEL_CALLER_HEADER",
      locationId: "HIGHLEVEL_LOCATION_ID",
    },
    // The base URL has a public default: a credential is what configures HighLevel.
    configuredBy: ["HIGHLEVEL_TOKEN", "HIGHLEVEL_BASE_URL", "HIGHLEVEL_CLIENT_ID", "HIGHLEVEL_REFRESH_TOKEN", "HIGHLEVEL_CALLER_HEADER"],
  },
  kinds: ["Contact", "Record", "AssociationRelation", "RelationType"],
  validateKey,
  cost: {
    // A relation by id is found in a record's relation list (up to SCAN_MAX_PAGES pages), plus its association definition.
    load: (kind) => (kind === "AssociationRelation" ? SCAN_MAX_PAGES + 1 : kind === "RelationType" ? CATALOGUE_MAX_PAGES : 1),
    // One list page (limit ≥ 1), plus each listed row's association definition (cached per connection, so often none).
    relationsOf: (_kind, { first }) => 1 + Math.max(first, 1),
    catalogue: CATALOGUE_MAX_PAGES,
    // The write, the two ends read under the association's objects, and a keyed retry's adoption of
    // its duplicate (the first record's relation list, then the relation's definition).
    create: 1 + 2 + SCAN_MAX_PAGES + 1,
    delete: 1,
  },
  http: (c) => ({
    baseUrl: c.baseUrl,
    secrets: [c.token, c.oauth?.clientSecret, c.oauth?.refreshToken].filter((s): s is string => s !== undefined),
    // The vendor's window is per app and location: connections sharing both share one pacer.
    pacer: { key: JSON.stringify([c.baseUrl, c.token ?? c.oauth?.clientId ?? c.callerHeader, c.locationId ?? ""]), create: () => createHighLevelPacer() },
  }),
  credentials: {
    provider: credentialsOf,
    headers: (_c, credential) => ({ authorization: credential.authorization }),
    rotates: (c) => c.oauth !== undefined,
    mode: (c) => modeOf(MODES, c),
  },
  createClient: (c, http, scope) => new HighLevelClient(c, http, scope),
  sandboxModes: { modes: ["static", "oauth", "caller"], oauth: "oauth" },
  startSandbox: async (options) => (await import("../../sandbox/highlevel/index.js")).startHighLevelSandbox(options),
});

/** Static `Bearer` token, rotating OAuth refresh (HighLevel's `user_type=Location` grant), or the caller's header. */
function credentialsOf(c: HighLevelConnection, services: CredentialServices): CredentialProvider {
  if (c.callerHeader) return new CallerCredentials(c.callerHeader, services.target, services.name);
  if (c.oauth) {
    const tokenUrl = c.oauth.tokenUrl ?? `${c.baseUrl}/oauth/token`;
    const grant = refreshTokenGrant({
      ...c.oauth,
      tokenUrl,
      rotates: true,
      extra: { user_type: "Location", redirect_uri: c.oauth.redirectUri },
      target: services.target,
      name: services.name,
    });
    return new MintedCredentials("refresh", grant, services, JSON.stringify([tokenUrl, c.oauth.clientId]));
  }
  return new StaticCredentials(`Bearer ${c.token}`);
}
