import type { GraphQLPart } from "../part.js";
import { ContactRelation } from "./contact-relation.js";
import { SuperOfficeMutations } from "./mutations.js";
import { Person } from "./person.js";
import { ContactPersons, ContactRelationFields, PersonFields, SuperOfficeQueries } from "./resolvers.js";

/** The SuperOffice part of the schema. */
export const superOfficeGraphQL: GraphQLPart = {
  types: [Person, ContactRelation],
  resolvers: [SuperOfficeQueries, ContactPersons, PersonFields, ContactRelationFields, SuperOfficeMutations],
};
