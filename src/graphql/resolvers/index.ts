import type { NonEmptyArray } from "type-graphql";
import { VENDOR_PARTS } from "../part.js";
import { ConnectionsResolver } from "./connections.js";
import { ContactResolver } from "./contact.js";
import { DeleteRelationResolver } from "./delete-relation.js";
import { NodeQueries } from "./node-queries.js";
import { RelationEndsResolver } from "./relation-ends.js";
import { RelationTypeResolver } from "./relation-types.js";

/** Every resolver class: the vendor-neutral ones here, then each vendor's part. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  NodeQueries,
  ContactResolver,
  ConnectionsResolver,
  RelationEndsResolver,
  RelationTypeResolver,
  DeleteRelationResolver,
  ...VENDOR_PARTS.flatMap((part) => part.resolvers),
];
