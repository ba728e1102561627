import type { GraphQLPart } from "../part.js";
import { ContactRelation } from "./contact-relation.js";
import { SuperOfficeMutations } from "./mutations.js";
import { Person } from "./person.js";
import { ContactPersons, ContactRelationFields, PersonFields, SuperOfficeQueries } from "./resolvers.js";

/** The SuperOffice part of the schema. */
export const superOfficeGraphQL: GraphQLPart = {
  vendor: "SUPEROFFICE",
  description:
    "SuperOffice CRM (Web API v1): companies (Contact), their persons (Person) and the relations between them (ContactRelation). A connection is one tenant.",
  types: [Person, ContactRelation],
  resolvers: [SuperOfficeQueries, ContactPersons, PersonFields, ContactRelationFields, SuperOfficeMutations],
};
