import { Field } from "type-graphql";
import type { UserError as UserErrorValue, UserErrorCode } from "../../errors.js";
import { ObjectType } from "../object-type.js";

@ObjectType({
  description:
    "A problem with a mutation's input, or the vendor's refusal of it; the payload's object is null then. A mutation lists every problem it found, one per input field.",
})
export class UserError implements UserErrorValue {
  @Field(() => [String], {
    nullable: true,
    description: 'Path of the input field at fault, e.g. ["input", "sourcePersonId"]; null when it is the whole input.',
  })
  field!: string[] | null;

  @Field(() => String, { description: "What is wrong, for people: the gateway's own words, or the vendor's (with credentials taken out)." })
  message!: string;

  @Field(() => String, { description: "Stable machine code, e.g. VALIDATION, NOT_FOUND, CONFLICT, UPSTREAM_REJECTED." })
  code!: UserErrorCode;
}
