import { Field, ObjectType } from "type-graphql";
import type * as Domain from "../../domain/entities.js";
import { OperationStatus } from "../enums.js";
import { REPLAYED_DESCRIPTION } from "../idempotency-fields.js";
import { UserError } from "../payloads/user-error.js";
import { RelationshipInstance } from "./relationship-instance.js";
import { RelationshipLink } from "./relationship-link.js";

/** Mutation payloads: the object on success, or `userErrors` with the object null. */

@ObjectType()
export class CreateRelationshipInstancePayload {
  @Field(() => OperationStatus, { nullable: true }) status!: Domain.OperationStatus | null;
  @Field(() => RelationshipInstance, { nullable: true }) relationship!: Domain.RelationshipInstance | null;
  @Field(() => [UserError]) userErrors!: UserError[];
  @Field(() => Boolean, { description: REPLAYED_DESCRIPTION }) replayed!: boolean;
}

@ObjectType()
export class UpsertRelationshipLinkPayload {
  @Field(() => OperationStatus, { nullable: true }) status!: Domain.OperationStatus | null;
  @Field(() => RelationshipLink, { nullable: true }) link!: Domain.RelationshipLink | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
