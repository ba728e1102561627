import type { NonEmptyArray } from "type-graphql";
import { ConnectionsResolver } from "./connections.js";
import { CustomerInsightsMutations } from "./customer-insights-mutations.js";
import { ContactFields, ContactRelationFields, PersonFields, ProfileFields, RecordFields } from "./entity-fields.js";
import { EntityQueries } from "./entity-queries.js";
import { HighLevelMutations } from "./highlevel-mutations.js";
import { NodeQueries } from "./node-queries.js";
import { RelationEndsResolver } from "./relation-ends.js";
import { SuperOfficeMutations } from "./superoffice-mutations.js";

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  NodeQueries,
  EntityQueries,
  ConnectionsResolver,
  RelationEndsResolver,
  ProfileFields,
  ContactFields,
  PersonFields,
  RecordFields,
  ContactRelationFields,
  CustomerInsightsMutations,
  SuperOfficeMutations,
  HighLevelMutations,
];
