import { Field, ID } from "type-graphql";
import { ObjectType } from "../object-type.js";
import { UserError } from "./user-error.js";

@ObjectType({ description: "The answer of deleteRelation: the id deleted, or why nothing was." })
export class DeleteRelationPayload {
  @Field(() => ID, {
    nullable: true,
    description: "The id that was deleted; null when nothing was (see userErrors: NOT_FOUND when the vendor has no such relation).",
  })
  deletedId!: string | null;

  @Field(() => [UserError], { description: "Why nothing was deleted: NOT_FOUND, VALIDATION, UPSTREAM_REJECTED and the like; empty on success." })
  userErrors!: UserError[];

  @Field(() => Boolean, {
    description: "True when this answer is the stored answer of an earlier request with the same idempotency key (no vendor call was made).",
  })
  replayed!: boolean;
}
