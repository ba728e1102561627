import type { GraphQLPart } from "../part.js";
import { CustomerInsightsMutations } from "./mutations.js";
import { Profile } from "./profile.js";
import { RelationshipInstance } from "./relationship-instance.js";
import { RelationshipLink } from "./relationship-link.js";
import { CustomerInsightsQueries, ProfileFields } from "./resolvers.js";

/** The Customer Insights part of the schema. */
export const customerInsightsGraphQL: GraphQLPart = {
  vendor: "CUSTOMER_INSIGHTS",
  description:
    "Dynamics 365 Customer Insights (hub API): profiles (Profile), relationship instances between them (RelationshipInstance) and relationship links (RelationshipLink). A connection is one hub.",
  types: [Profile, RelationshipInstance, RelationshipLink],
  resolvers: [CustomerInsightsQueries, ProfileFields, CustomerInsightsMutations],
};
