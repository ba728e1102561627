import { Field, ID, InputType } from "type-graphql";

/** `idempotencyKey` works as on the creates (see ../idempotency.ts). */
@InputType({ description: "The relation to delete, and an optional idempotency key." })
export class DeleteRelationInput {
  @Field(() => ID, {
    description: "Global id of any Relation the gateway returned (RelationshipInstance, ContactRelation or AssociationRelation).",
  })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "Client-chosen key (1-255 printable ASCII) that makes retries safe: the same key with the same id within 24 h returns the first answer (replayed: true) and never writes twice; the same key with another input is refused (IDEMPOTENCY_KEY_REUSED). The HTTP header Idempotency-Key does the same for a request with one mutation field.",
  })
  idempotencyKey?: string | null;
}
