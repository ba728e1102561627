import { Directive, Field, ID } from "type-graphql";
import type { JsonObject, Profile as ProfileEntity } from "../../domain/entities.js";
import { CONNECTION_OF, END_ID, PROPERTIES_NOTE } from "../descriptions.js";
import { Vendor } from "../enums.js";
import { Node } from "../node.js";
import { JSONObjectScalar } from "../scalars.js";
import { ObjectType } from "../object-type.js";

@Directive('@key(fields: "id")')
@ObjectType({ implements: Node, description: "A Dynamics 365 Customer Insights profile instance." })
export class Profile implements Omit<ProfileEntity, "kind"> {
  @Field(() => ID, { description: END_ID }) id!: string;
  @Field(() => Vendor, { description: "Always CUSTOMER_INSIGHTS." }) vendor!: ProfileEntity["vendor"];
  @Field(() => String, { description: CONNECTION_OF }) connection!: string;

  @Field(() => String, { description: "The profile type (the hub's entity set) this profile is of, e.g. Contact or Account." })
  profileType!: string;

  @Field(() => String, {
    description: "The hub's ProfileId: the system key every profile type has (not a strong id). profile(profileType:, profileId:) takes it.",
  })
  profileId!: string;

  @Field(() => JSONObjectScalar, {
    description: `The hub's whole profile instance as JSON: ProfileId and the attributes of its profile type (its strong id keys among them, e.g. ContactId). ${PROPERTIES_NOTE}`,
  })
  properties!: JsonObject;
}
