import { z } from "zod";
import { defineVendor, type Connection } from "../contract.js";
import { httpUrl, optionalText, secret } from "../settings.js";
import { CATALOGUE_MAX_DEFINITIONS, CREATE_CALLS, SuperOfficeClient } from "./client.js";
import { validateKey } from "./validate.js";

/** SuperOffice CRM Web API v1: contacts, persons and their relations. */

const SCHEMES = /^(bearer|soticket|basic)\s+\S+/i;

export const superOfficeSettings = z
  .object({
    /** The tenant's `…/api/v1` root. */
    baseUrl: httpUrl,
    /** The whole Authorization header value: `Bearer …`, `SOTicket …` or `Basic …`. */
    authorization: secret.refine((value) => SCHEMES.test(value), "must be the whole header value: 'Bearer …', 'SOTicket …' or 'Basic …'"),
    appToken: optionalText,
    /** Sent as Accept-Language when the GraphQL request names none, so multi-language texts come back decoded. */
    language: optionalText,
    /** SO-Culture (number and date formats) and SO-TimeZone, sent on every call when set. */
    culture: optionalText,
    timeZone: optionalText,
  })
  .strict();

export type SuperOfficeConnection = Connection<z.output<typeof superOfficeSettings>>;

/** The MDO list of definitions, then each one read in full up to the cap. */
const CATALOGUE_CALLS = 1 + CATALOGUE_MAX_DEFINITIONS;

export const superOffice = defineVendor({
  vendor: "SUPEROFFICE",
  label: "SuperOffice",
  configKey: "superoffice",
  settings: superOfficeSettings,
  env: {
    settings: {
      baseUrl: "SUPEROFFICE_BASE_URL",
      authorization: "SUPEROFFICE_AUTHORIZATION",
      appToken: "SUPEROFFICE_APP_TOKEN",
      language: "SUPEROFFICE_LANGUAGE",
      culture: "SUPEROFFICE_CULTURE",
      timeZone: "SUPEROFFICE_TIMEZONE",
    },
    configuredBy: ["SUPEROFFICE_BASE_URL", "SUPEROFFICE_AUTHORIZATION", "SUPEROFFICE_APP_TOKEN"],
    // SUPEROFFICE_LANGUAGE=no makes the sandbox answer in Norwegian, as it would a real tenant.
    sandbox: ["language", "culture", "timeZone"],
  },
  kinds: ["Contact", "Person", "ContactRelation", "RelationType"],
  validateKey,
  cost: {
    // One GET per entity (Contact, Person, Relation); a relation type is looked up in the catalogue.
    load: (kind) => (kind === "RelationType" ? CATALOGUE_CALLS : 1),
    // The Relation archive page, then each listed relation loaded in full.
    relationsOf: (_kind, { first }) => 1 + first,
    catalogue: CATALOGUE_CALLS,
    create: CREATE_CALLS,
    delete: 1,
  },
  http: (c) => ({ baseUrl: c.baseUrl, secrets: credentialsOf(c) }),
  createClient: (c, http, scope) => new SuperOfficeClient(c, http, scope),
  startSandbox: async (options) => (await import("../../sandbox/superoffice/index.js")).startSuperOfficeSandbox(options),
});

/** The header's credential, and for Basic the decoded user:password and the password alone. */
function credentialsOf(c: SuperOfficeConnection): string[] {
  const [scheme = "", value = ""] = c.authorization.split(/\s+/, 2);
  const found = [c.authorization, value, c.appToken ?? ""];
  if (scheme.toLowerCase() === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    found.push(decoded, decoded.slice(decoded.indexOf(":") + 1));
  }
  return found.filter((s) => s.length >= 4);
}
