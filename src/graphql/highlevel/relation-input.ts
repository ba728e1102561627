import { Field, InputType } from "type-graphql";
import { IDEMPOTENCY_KEY_DESCRIPTION } from "../idempotency-fields.js";

@InputType()
export class CreateAssociationRelationInput {
  @Field(() => String, { nullable: true }) connection?: string | null;
  @Field(() => String, { nullable: true, description: "Defaults to the connection's configured location id." })
  locationId?: string | null;
  @Field(() => String) associationId!: string;
  @Field(() => String) firstRecordId!: string;
  @Field(() => String) secondRecordId!: string;
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}
