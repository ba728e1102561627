import { Directive, Field, ID, ObjectType } from "type-graphql";
import type { JsonObject, Person as PersonEntity } from "../../domain/entities.js";
import { Vendor } from "../enums.js";
import { Node } from "../node.js";
import { JSONObjectScalar } from "../scalars.js";

@Directive('@key(fields: "id")')
@ObjectType({ implements: Node, description: "A SuperOffice person; always belongs to a contact." })
export class Person implements Omit<PersonEntity, "kind" | "contactId"> {
  @Field(() => ID) id!: string;
  @Field(() => Vendor) vendor!: PersonEntity["vendor"];
  @Field(() => String) connection!: string;
  @Field(() => String) nativeId!: string;
  @Field(() => String, { nullable: true }) firstName!: string | null;
  @Field(() => String, { nullable: true }) lastName!: string | null;
  @Field(() => String, { nullable: true }) fullName!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => JSONObjectScalar) properties!: JsonObject;
}
