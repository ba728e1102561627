import { Field, ObjectType } from "type-graphql";
import type * as Domain from "../../domain/entities.js";
import { REPLAYED_DESCRIPTION } from "../idempotency-fields.js";
import { UserError } from "../payloads/user-error.js";
import { ContactRelation } from "./contact-relation.js";

@ObjectType()
export class CreateContactRelationPayload {
  @Field(() => ContactRelation, { nullable: true }) relation!: Domain.ContactRelation | null;
  @Field(() => [UserError]) userErrors!: UserError[];
  @Field(() => Boolean, { description: REPLAYED_DESCRIPTION }) replayed!: boolean;
}
