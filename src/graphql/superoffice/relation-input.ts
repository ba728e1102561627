import { Field, InputType, Int } from "type-graphql";
import { IDEMPOTENCY_KEY_DESCRIPTION } from "../idempotency-fields.js";

@InputType()
export class CreateContactRelationInput {
  @Field(() => String, { nullable: true }) connection?: string | null;
  @Field(() => Int) sourceContactId!: number;
  @Field(() => Int, { nullable: true }) sourcePersonId?: number | null;
  @Field(() => Int) destinationContactId!: number;
  @Field(() => Int, { nullable: true }) destinationPersonId?: number | null;
  @Field(() => Int) relationDefinitionId!: number;
  @Field(() => Boolean, { nullable: true }) reversed?: boolean | null;
  @Field(() => String, { nullable: true }) comment?: string | null;
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}
