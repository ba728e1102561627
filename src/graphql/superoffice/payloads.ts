import { Field } from "type-graphql";
import type * as Domain from "../../domain/entities.js";
import { USER_ERRORS } from "../descriptions.js";
import { REPLAYED_DESCRIPTION } from "../idempotency-fields.js";
import { UserError } from "../payloads/user-error.js";
import { ContactRelation } from "./contact-relation.js";
import { ObjectType } from "../object-type.js";

@ObjectType({ description: "What createContactRelation did: the relation, or userErrors saying why none was written." })
export class CreateContactRelationPayload {
  @Field(() => ContactRelation, { nullable: true, description: "The relation created; null when userErrors say why not." })
  relation!: Domain.ContactRelation | null;

  @Field(() => [UserError], { description: USER_ERRORS }) userErrors!: UserError[];
  @Field(() => Boolean, { description: REPLAYED_DESCRIPTION }) replayed!: boolean;
}
