import { Field, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "A SuperOffice user (Associate carrier)." })
export class Associate {
  @Field(() => Int) associateId!: number;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) fullName!: string | null;
}
