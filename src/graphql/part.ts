import { registerEnumType } from "type-graphql";
import type { Vendor as VendorName } from "../domain/vendor.js";
import { customerInsightsGraphQL } from "./customer-insights/index.js";
import { Vendor } from "./enums.js";
import { highLevelGraphQL } from "./highlevel/index.js";
import { superOfficeGraphQL } from "./superoffice/index.js";

/** One vendor's vendor-shaped part of the schema: its types (node, relation) and resolver classes. */
export interface GraphQLPart {
  vendor: VendorName;
  /** Its `Vendor` enum value's description: what the vendor is, and what the gateway serves of it. */
  description: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  types: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: Function[];
}

/** The GraphQL side of the vendor table (src/vendors/modules.ts): each vendor's part of the schema. */
export const VENDOR_PARTS: readonly GraphQLPart[] = [customerInsightsGraphQL, superOfficeGraphQL, highLevelGraphQL];

// Here rather than in ./enums.ts: the parts import the enum, so it cannot import them.
registerEnumType(Vendor, {
  name: "Vendor",
  description: "The CRM vendors this gateway fronts.",
  valuesConfig: Object.fromEntries(VENDOR_PARTS.map((part) => [part.vendor, { description: part.description }])),
});
