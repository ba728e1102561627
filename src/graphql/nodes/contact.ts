import { Directive, Field, ID, ObjectType } from "type-graphql";
import type { Contact as ContactEntity, JsonObject } from "../../domain/entities.js";
import { Vendor } from "../enums.js";
import { Node } from "../node.js";
import { JSONObjectScalar } from "../scalars.js";

@Directive('@key(fields: "id")')
@ObjectType({ implements: Node, description: "A SuperOffice contact (a company) or a HighLevel contact (a person)." })
export class Contact implements Omit<ContactEntity, "kind"> {
  @Field(() => ID) id!: string;
  @Field(() => Vendor) vendor!: ContactEntity["vendor"];
  @Field(() => String) connection!: string;
  @Field(() => String) nativeId!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => JSONObjectScalar) properties!: JsonObject;
}
