import { z } from "zod";
import { defineVendor, type Connection } from "../contract.js";
import { httpUrl, optionalText, secret } from "../settings.js";
import { CATALOGUE_MAX_PAGES, CustomerInsightsClient, maxListPages } from "./client.js";
import { validateKey } from "./validate.js";

/** Dynamics 365 Customer Insights hub APIs (api-version 2017-04-26): profiles and relationships. */

export const customerInsightsSettings = z
  .object({
    /** The hub endpoint, e.g. https://myhub.api.azurecustomerinsights.com */
    hubEndpoint: httpUrl,
    /** Azure AD access token for the resource https://azurecustomerinsights.com */
    token: secret,
    /** Hub name sent as `tenantId` in relationship links. */
    tenantId: optionalText,
  })
  .strict();

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
      tenantId: "CUSTOMER_INSIGHTS_TENANT_ID",
    },
    configuredBy: ["CUSTOMER_INSIGHTS_HUB_ENDPOINT", "CUSTOMER_INSIGHTS_TOKEN"],
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
  http: (c) => ({ baseUrl: c.hubEndpoint, secrets: [c.token] }),
  createClient: (c, http, scope) => new CustomerInsightsClient(c, http, scope),
  startSandbox: async (options) => (await import("../../sandbox/customer-insights/index.js")).startCustomerInsightsSandbox(options),
});
