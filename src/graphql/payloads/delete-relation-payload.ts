import { Field, ID } from "type-graphql";
import { ObjectType } from "../object-type.js";
import { UserError } from "./user-error.js";

@ObjectType()
export class DeleteRelationPayload {
  @Field(() => ID, {
    nullable: true,
    description: "The id that was deleted; null when nothing was (see userErrors: NOT_FOUND when the vendor has no such relation).",
  })
  deletedId!: string | null;

  @Field(() => [UserError]) userErrors!: UserError[];
  @Field(() => Boolean) replayed!: boolean;
}
