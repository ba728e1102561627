import { customerInsightsGraphQL } from "./customer-insights/index.js";
import { highLevelGraphQL } from "./highlevel/index.js";
import { superOfficeGraphQL } from "./superoffice/index.js";

/** One vendor's vendor-shaped part of the schema: its types (node, relation) and resolver classes. */
export interface GraphQLPart {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  types: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: Function[];
}

/** The GraphQL side of the vendor table (src/vendors/modules.ts): each vendor's part of the schema. */
export const VENDOR_PARTS: readonly GraphQLPart[] = [customerInsightsGraphQL, superOfficeGraphQL, highLevelGraphQL];
