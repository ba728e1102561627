import { Field, ID, InputType } from "type-graphql";

/** As the contract has it: `idempotencyKey` works as on the creates (see ../idempotency.ts), without a description of its own. */
@InputType()
export class DeleteRelationInput {
  @Field(() => ID, {
    description: "Global id of any Relation the gateway returned (RelationshipInstance, ContactRelation or AssociationRelation).",
  })
  id!: string;

  @Field(() => String, { nullable: true }) idempotencyKey?: string | null;
}
