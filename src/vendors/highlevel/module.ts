import { z } from "zod";
import { defineVendor, type Connection } from "../contract.js";
import { httpUrl, optionalText, secret } from "../settings.js";
import { CATALOGUE_MAX_PAGES, HighLevelClient, SCAN_MAX_PAGES } from "./client.js";
import { createHighLevelPacer } from "./pacer.js";
import { validateKey } from "./validate.js";

/** HighLevel API v2 (`Version: 2021-07-28`): contacts, object records and association relations. */

export const HIGHLEVEL_DEFAULT_BASE_URL = "https://services.leadconnectorhq.com";

export const highLevelSettings = z
  .object({
    baseUrl: httpUrl.default(HIGHLEVEL_DEFAULT_BASE_URL),
    /** Sub-account OAuth access token or Private Integration Token. */
    token: secret,
    /** Default location for creates and relation lists. */
    locationId: optionalText,
  })
  .strict();

export type HighLevelConnection = Connection<z.output<typeof highLevelSettings>>;

export const highLevel = defineVendor({
  vendor: "HIGHLEVEL",
  label: "HighLevel",
  configKey: "highlevel",
  settings: highLevelSettings,
  env: {
    settings: { baseUrl: "HIGHLEVEL_BASE_URL", token: "HIGHLEVEL_TOKEN", locationId: "HIGHLEVEL_LOCATION_ID" },
    // The base URL has a public default: the token is what configures HighLevel.
    configuredBy: ["HIGHLEVEL_TOKEN", "HIGHLEVEL_BASE_URL"],
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
    secrets: [c.token],
    // The vendor's window is per app and location: connections sharing both share one pacer.
    pacer: { key: JSON.stringify([c.baseUrl, c.token, c.locationId ?? ""]), create: () => createHighLevelPacer() },
  }),
  createClient: (c, http, scope) => new HighLevelClient(c, http, scope),
  startSandbox: async (options) => (await import("../../sandbox/highlevel/index.js")).startHighLevelSandbox(options),
});
