import type { GraphQLPart } from "../part.js";
import { AssociationRelation } from "./association-relation.js";
import { HighLevelMutations } from "./mutations.js";
import { RecordNode } from "./record.js";
import { HighLevelQueries, RecordFields } from "./resolvers.js";

/** The HighLevel part of the schema. */
export const highLevelGraphQL: GraphQLPart = {
  vendor: "HIGHLEVEL",
  description:
    "HighLevel (API v2): contacts (Contact), custom object records (Record) and the relations between them under an association (AssociationRelation). A connection is one location (sub-account).",
  types: [RecordNode, AssociationRelation],
  resolvers: [HighLevelQueries, RecordFields, HighLevelMutations],
};
