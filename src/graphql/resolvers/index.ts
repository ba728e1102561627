import type { NonEmptyArray } from "type-graphql";
import { ConnectionsResolver } from "./connections.js";
import { CustomerInsightsMutations } from "./customer-insights-mutations.js";
import { HighLevelMutations } from "./highlevel-mutations.js";
import { SuperOfficeMutations } from "./superoffice-mutations.js";

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  ConnectionsResolver,
  CustomerInsightsMutations,
  SuperOfficeMutations,
  HighLevelMutations,
];
