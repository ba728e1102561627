import { createUnionType } from "type-graphql";
import { Contact } from "./contact.js";
import { Person } from "./person.js";
import { Profile } from "./profile.js";
import { Record } from "./record.js";

export const RelationEnd = createUnionType({
  name: "RelationEnd",
  types: () => [Profile, Contact, Person, Record] as const,
  // Domain entities carry their GraphQL type name in `kind`.
  resolveType: (value) => (value as unknown as { kind: string }).kind,
});
