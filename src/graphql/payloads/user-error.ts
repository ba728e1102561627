import { Field, ObjectType } from "type-graphql";
import type { UserError as UserErrorValue, UserErrorCode } from "../../errors.js";

@ObjectType()
export class UserError implements UserErrorValue {
  @Field(() => [String], {
    nullable: true,
    description: 'Path of the input field at fault, e.g. ["input", "sourcePersonId"]; null when it is the whole input.',
  })
  field!: string[] | null;

  @Field(() => String) message!: string;

  @Field(() => String, { description: "Stable machine code, e.g. VALIDATION, NOT_FOUND, CONFLICT, UPSTREAM_REJECTED." })
  code!: UserErrorCode;
}
