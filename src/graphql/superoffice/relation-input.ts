import { Field, InputType, Int } from "type-graphql";
import { CONNECTION_INPUT } from "../descriptions.js";
import { IDEMPOTENCY_KEY_DESCRIPTION } from "../idempotency-fields.js";

@InputType({ description: "A SuperOffice relation to create: between two companies, or persons of them, under a relation definition." })
export class CreateContactRelationInput {
  @Field(() => String, { nullable: true, description: CONNECTION_INPUT }) connection?: string | null;

  @Field(() => Int, { description: "ContactId of the company at the source end (a positive 32-bit integer)." })
  sourceContactId!: number;

  @Field(() => Int, {
    nullable: true,
    description: "PersonId of a person of the source company, when the relation is with that person; null (not 0) for the company itself.",
  })
  sourcePersonId?: number | null;

  @Field(() => Int, { description: "ContactId of the company at the destination end (a positive 32-bit integer)." })
  destinationContactId!: number;

  @Field(() => Int, {
    nullable: true,
    description: "PersonId of a person of the destination company, when the relation is with that person; null (not 0) for the company itself.",
  })
  destinationPersonId?: number | null;

  @Field(() => Int, {
    description:
      "The relation definition: a RelationType.nativeId of relationTypes(vendor: SUPEROFFICE). Its sourceKinds and targetKinds say where it takes a company (CONTACT) or a person (PERSON).",
  })
  relationDefinitionId!: number;

  @Field(() => Boolean, { nullable: true, description: "True to store the relation against its definition's direction; false when omitted." })
  reversed?: boolean | null;

  @Field(() => String, { nullable: true, description: "A comment of at most 254 characters; none when omitted." })
  comment?: string | null;

  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}
