import { z } from "zod";
import { CallerCredentials } from "../../credentials/caller.js";
import type { CredentialProvider } from "../../credentials/credential.js";
import { MintedCredentials } from "../../credentials/minted.js";
import type { CredentialServices } from "../../credentials/services.js";
import { StaticCredentials } from "../../credentials/static.js";
import { clientCredentialsGrant } from "../../credentials/token-endpoint.js";
import { defineVendor, type Connection } from "../contract.js";
import { callerHeader, modeOf, oneCredentialMode } from "../credential-settings.js";
import { httpUrl, optionalText, secret } from "../settings.js";
import { CATALOGUE_MAX_PAGES, CustomerInsightsClient, maxListPages } from "./client.js";
import { validateKey } from "./validate.js";

/** Dynamics 365 Customer Insights hub APIs (api-version 2017-04-26): profiles and relationships. */

export const AAD_SCOPE = "https://azurecustomerinsights.com/.default";

/** Azure AD client credentials (an app registration's secret); the token URL defaults to the tenant's v2.0 endpoint. */
const clientCredentialsSettings = z
  .object({
    clientId: secret,
    clientSecret: secret,
    /** The Azure AD tenant (directory id or domain); not needed when tokenUrl is given. */
    aadTenant: optionalText,
    tokenUrl: httpUrl.optional(),
    scope: optionalText,
  })
  .strict()
  .refine((o) => o.aadTenant !== undefined || o.tokenUrl !== undefined, { path: ["aadTenant"], message: "is required (or the token URL)" });

/** The setting that selects each credential mode. */
const MODES = { static: "token", clientCredentials: "oauth", caller: "callerHeader" } as const;

export const customerInsightsSettings = z
  .object({
    /** The hub endpoint, e.g. https://myhub.api.azurecustomerinsights.com */
    hubEndpoint: httpUrl,
    /** Azure AD access token for the resource https://azurecustomerinsights.com (static mode). */
    token: secret.optional(),
    /** Azure AD client credentials, fetched and refreshed by the gateway. */
    oauth: clientCredentialsSettings.optional(),
    /** Caller mode: the incoming header whose value is sent as the Authorization header. */
    callerHeader,
    /** Hub name sent as `tenantId` in relationship links. */
    tenantId: optionalText,
  })
  .strict()
  .superRefine(oneCredentialMode(MODES));

export type CustomerInsightsConnection = Connection<z.output<typeof customerInsightsSettings>>;

export const customerInsights = defineVendor({
  vendor: "CUSTOMER_INSIGHTS",
  label: "Customer Insights",
  configKey: "customerInsights",
  settings: customerInsightsSettings,
  env: {
    settings: {
      hubEndpoint: "CUSTOMER_INSIGHTS_HUB_ENDPOINT",
      token: "CUSTOMER_INSIGHTS_TOKEN",
      oauth: {
        clientId: "CUSTOMER_INSIGHTS_CLIENT_ID",
        clientSecret: "CUSTOMER_INSIGHTS_CLIENT_SECRET",
        aadTenant: "CUSTOMER_INSIGHTS_AAD_TENANT",
        tokenUrl: "CUSTOMER_INSIGHTS_TOKEN_URL",
        scope: "CUSTOMER_INSIGHTS_SCOPE",
      },
      callerHeader: "CUSTOMER_INSIGHTS_CALLER_HEADER",
      tenantId: "CUSTOMER_INSIGHTS_TENANT_ID",
    },
    configuredBy: ["CUSTOMER_INSIGHTS_HUB_ENDPOINT", "CUSTOMER_INSIGHTS_TOKEN", "CUSTOMER_INSIGHTS_CLIENT_ID", "CUSTOMER_INSIGHTS_CALLER_HEADER"],
  },
  kinds: ["Profile", "RelationshipInstance", "RelationshipLink", "RelationType"],
  validateKey,
  cost: {
    // An instance also reads its relationship type's definition (cached per connection) to type its ends.
    load: (kind) => (kind === "RelationshipInstance" ? 2 : kind === "RelationType" ? CATALOGUE_MAX_PAGES : 1),
    // The hub's pages (bounded by `first`), plus one type definition per listed item at most.
    relationsOf: (_kind, { first }) => maxListPages(first) + first,
    catalogue: CATALOGUE_MAX_PAGES,
    // The write, the type's ends (definition) and their profile types' strong ids (2), cached per connection.
    create: 4,
    // The instance and its type, both ends' profiles and their types' strong ids, then the write.
    delete: 7,
  },
  http: (c) => ({ baseUrl: c.hubEndpoint, secrets: [c.token, c.oauth?.clientSecret].filter((s): s is string => s !== undefined) }),
  credentials: {
    provider: credentialsOf,
    headers: (_c, credential) => ({ authorization: credential.authorization }),
    rotates: () => false,
    mode: (c) => modeOf(MODES, c),
  },
  createClient: (c, http, scope) => new CustomerInsightsClient(c, http, scope),
  sandboxModes: { modes: ["static", "client-credentials", "caller"], oauth: "client-credentials" },
  startSandbox: async (options) => (await import("../../sandbox/customer-insights/index.js")).startCustomerInsightsSandbox(options),
});

/** Static Azure AD token, client credentials, or the caller's header. */
function credentialsOf(c: CustomerInsightsConnection, services: CredentialServices): CredentialProvider {
  if (c.callerHeader) return new CallerCredentials(c.callerHeader, services.target, services.name);
  if (c.oauth) {
    const tokenUrl = c.oauth.tokenUrl ?? `https://login.microsoftonline.com/${encodeURIComponent(c.oauth.aadTenant!)}/oauth2/v2.0/token`;
    const grant = clientCredentialsGrant({ ...c.oauth, tokenUrl, scope: c.oauth.scope ?? AAD_SCOPE, target: services.target, name: services.name });
    return new MintedCredentials("clientCredentials", grant, services, JSON.stringify([tokenUrl, c.oauth.clientId]));
  }
  return new StaticCredentials(`Bearer ${c.token}`);
}
