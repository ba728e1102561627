import { Field, InputType } from "type-graphql";
import { CONNECTION_INPUT } from "../descriptions.js";
import { IDEMPOTENCY_KEY_DESCRIPTION } from "../idempotency-fields.js";

@InputType({ description: "A HighLevel relation to create between two records under an association." })
export class CreateAssociationRelationInput {
  @Field(() => String, { nullable: true, description: CONNECTION_INPUT }) connection?: string | null;
  @Field(() => String, { nullable: true, description: "Defaults to the connection's configured location id." })
  locationId?: string | null;

  @Field(() => String, { description: "The association: a RelationType.nativeId of relationTypes(vendor: HIGHLEVEL)." })
  associationId!: string;

  @Field(() => String, { description: "A record of the association's first object (RelationType.sourceKinds), e.g. a contact id. Order matters." })
  firstRecordId!: string;

  @Field(() => String, { description: "A record of the association's second object (RelationType.targetKinds)." })
  secondRecordId!: string;

  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}
