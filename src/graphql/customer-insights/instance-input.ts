import { Field, InputType } from "type-graphql";
import type { JsonObject } from "../../domain/entities.js";
import { CONNECTION_INPUT } from "../descriptions.js";
import { JSONObjectScalar } from "../scalars.js";
import { IDEMPOTENCY_KEY_DESCRIPTION } from "../idempotency-fields.js";

@InputType({ description: "Which field of the new instance holds a strong id key of one end's profile: the hub finds the profile by that value." })
export class StrongIdFieldMappingInput {
  @Field(() => String, { description: "A field of the relationship type; its value (in properties) is the key's value." })
  fieldName!: string;

  @Field(() => String, { description: "A key property of a strong id of the end's profile type, e.g. ContactId." })
  strongIdKeyProperty!: string;
}

@InputType({
  description:
    "A relationship instance to create between two profiles. The hub's create is an upsert: the same type and ends update the instance that exists.",
})
export class CreateRelationshipInstanceInput {
  @Field(() => String, { nullable: true, description: CONNECTION_INPUT }) connection?: string | null;

  @Field(() => String, { description: "The relationship type's name: a RelationType.nativeId of relationTypes(vendor: CUSTOMER_INSIGHTS)." })
  relationshipType!: string;

  @Field(() => [StrongIdFieldMappingInput], {
    description: "How the profile at the first end is found (of the type's profile type): at least one mapping, together a whole strong id.",
  })
  profileStrongIdFieldMappings!: StrongIdFieldMappingInput[];

  @Field(() => [StrongIdFieldMappingInput], {
    description: "How the profile at the second end is found (of the type's related profile type): at least one mapping, together a whole strong id.",
  })
  relatedProfileStrongIdFieldMappings!: StrongIdFieldMappingInput[];

  @Field(() => JSONObjectScalar, { description: "Values of the fields that the relationship type defines." })
  properties!: JsonObject;

  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}
