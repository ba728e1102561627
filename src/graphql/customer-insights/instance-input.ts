import { Field, InputType } from "type-graphql";
import type { JsonObject } from "../../domain/entities.js";
import { JSONObjectScalar } from "../scalars.js";
import { IDEMPOTENCY_KEY_DESCRIPTION } from "../idempotency-fields.js";

@InputType()
export class StrongIdFieldMappingInput {
  @Field(() => String) fieldName!: string;
  @Field(() => String) strongIdKeyProperty!: string;
}

@InputType()
export class CreateRelationshipInstanceInput {
  @Field(() => String, { nullable: true }) connection?: string | null;
  @Field(() => String) relationshipType!: string;
  @Field(() => [StrongIdFieldMappingInput]) profileStrongIdFieldMappings!: StrongIdFieldMappingInput[];
  @Field(() => [StrongIdFieldMappingInput]) relatedProfileStrongIdFieldMappings!: StrongIdFieldMappingInput[];
  @Field(() => JSONObjectScalar, { description: "Values of the fields that the relationship type defines." })
  properties!: JsonObject;
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}
