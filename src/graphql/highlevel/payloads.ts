import { Field } from "type-graphql";
import type * as Domain from "../../domain/entities.js";
import { USER_ERRORS } from "../descriptions.js";
import { REPLAYED_DESCRIPTION } from "../idempotency-fields.js";
import { UserError } from "../payloads/user-error.js";
import { AssociationRelation } from "./association-relation.js";
import { ObjectType } from "../object-type.js";

@ObjectType({ description: "What createAssociationRelation did: the relation, or userErrors saying why none was written." })
export class CreateAssociationRelationPayload {
  @Field(() => AssociationRelation, { nullable: true, description: "The relation created; null when userErrors say why not." })
  relation!: Domain.AssociationRelation | null;

  @Field(() => [UserError], { description: USER_ERRORS }) userErrors!: UserError[];
  @Field(() => Boolean, { description: REPLAYED_DESCRIPTION }) replayed!: boolean;
}
