import { Field, Int } from "type-graphql";
import { ObjectType } from "../object-type.js";

@ObjectType({ description: "A SuperOffice user (Associate carrier)." })
export class Associate {
  @Field(() => Int, { description: "The user's AssociateId." }) associateId!: number;
  @Field(() => String, { nullable: true, description: "The user's short (login) name, e.g. KARI; null when empty." }) name!: string | null;
  @Field(() => String, { nullable: true, description: "The user's full name; null when empty." }) fullName!: string | null;
}
