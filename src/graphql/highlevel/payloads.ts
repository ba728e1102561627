import { Field, ObjectType } from "type-graphql";
import type * as Domain from "../../domain/entities.js";
import { REPLAYED_DESCRIPTION } from "../idempotency-fields.js";
import { UserError } from "../payloads/user-error.js";
import { AssociationRelation } from "./association-relation.js";

@ObjectType()
export class CreateAssociationRelationPayload {
  @Field(() => AssociationRelation, { nullable: true }) relation!: Domain.AssociationRelation | null;
  @Field(() => [UserError]) userErrors!: UserError[];
  @Field(() => Boolean, { description: REPLAYED_DESCRIPTION }) replayed!: boolean;
}
