import type { GraphQLPart } from "../part.js";
import { AssociationRelation } from "./association-relation.js";
import { HighLevelMutations } from "./mutations.js";
import { RecordNode } from "./record.js";
import { HighLevelQueries, RecordFields } from "./resolvers.js";

/** The HighLevel part of the schema. */
export const highLevelGraphQL: GraphQLPart = {
  types: [RecordNode, AssociationRelation],
  resolvers: [HighLevelQueries, RecordFields, HighLevelMutations],
};
