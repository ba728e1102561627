import { Field } from "type-graphql";
import type * as Domain from "../../domain/entities.js";
import { USER_ERRORS } from "../descriptions.js";
import { OperationStatus } from "../enums.js";
import { REPLAYED_DESCRIPTION } from "../idempotency-fields.js";
import { UserError } from "../payloads/user-error.js";
import { RelationshipInstance } from "./relationship-instance.js";
import { RelationshipLink } from "./relationship-link.js";
import { ObjectType } from "../object-type.js";

/** Mutation payloads: the object on success, or `userErrors` with the object null. */

@ObjectType({ description: "What createRelationshipInstance did: the instance, or userErrors saying why none was written." })
export class CreateRelationshipInstancePayload {
  @Field(() => OperationStatus, {
    nullable: true,
    description: "ACCEPTED when the hub finishes the write later (HTTP 202), else COMPLETED; null when nothing was written.",
  })
  status!: Domain.OperationStatus | null;

  @Field(() => RelationshipInstance, { nullable: true, description: "The instance created (or updated); null when userErrors say why not." })
  relationship!: Domain.RelationshipInstance | null;

  @Field(() => [UserError], { description: USER_ERRORS }) userErrors!: UserError[];
  @Field(() => Boolean, { description: REPLAYED_DESCRIPTION }) replayed!: boolean;
}

@ObjectType({ description: "What upsertRelationshipLink did: the link, or userErrors saying why none was written." })
export class UpsertRelationshipLinkPayload {
  @Field(() => OperationStatus, {
    nullable: true,
    description: "ACCEPTED when the hub provisions the link later (HTTP 202, as for a new link), else COMPLETED; null when nothing was written.",
  })
  status!: Domain.OperationStatus | null;

  @Field(() => RelationshipLink, {
    nullable: true,
    description: "The link as the hub answered it (what the answer leaves out is taken from the input); null when userErrors say why not.",
  })
  link!: Domain.RelationshipLink | null;

  @Field(() => [UserError], { description: USER_ERRORS }) userErrors!: UserError[];
}
