import type { GraphQLPart } from "../part.js";
import { CustomerInsightsMutations } from "./mutations.js";
import { Profile } from "./profile.js";
import { RelationshipInstance } from "./relationship-instance.js";
import { RelationshipLink } from "./relationship-link.js";
import { CustomerInsightsQueries, ProfileFields } from "./resolvers.js";

/** The Customer Insights part of the schema. */
export const customerInsightsGraphQL: GraphQLPart = {
  types: [Profile, RelationshipInstance, RelationshipLink],
  resolvers: [CustomerInsightsQueries, ProfileFields, CustomerInsightsMutations],
};
