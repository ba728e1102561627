import { createUnionType } from "type-graphql";
import { Contact } from "./contact.js";
import { Person } from "../superoffice/person.js";
import { Profile } from "../customer-insights/profile.js";
import { RecordNode } from "../highlevel/record.js";
import { typeOf } from "../type-of.js";

export const RelationEnd = createUnionType({
  name: "RelationEnd",
  description: "The record at one end of a relation: a Profile, Contact, Person or Record, as the relation's vendor keeps it.",
  types: () => [Profile, Contact, Person, RecordNode] as const,
  resolveType: (value) => typeOf(value as unknown as { kind: string }),
});
