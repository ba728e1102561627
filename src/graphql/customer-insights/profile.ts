import { Directive, Field, ID, ObjectType } from "type-graphql";
import type { JsonObject, Profile as ProfileEntity } from "../../domain/entities.js";
import { Vendor } from "../enums.js";
import { Node } from "../node.js";
import { JSONObjectScalar } from "../scalars.js";

@Directive('@key(fields: "id")')
@ObjectType({ implements: Node, description: "A Dynamics 365 Customer Insights profile instance." })
export class Profile implements Omit<ProfileEntity, "kind"> {
  @Field(() => ID) id!: string;
  @Field(() => Vendor) vendor!: ProfileEntity["vendor"];
  @Field(() => String) connection!: string;
  @Field(() => String) profileType!: string;
  @Field(() => String) profileId!: string;
  @Field(() => JSONObjectScalar) properties!: JsonObject;
}
