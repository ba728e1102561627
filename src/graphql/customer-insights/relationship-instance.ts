import { Directive, Field, ID } from "type-graphql";
import type { JsonObject, OperationStatus as Status, RelationshipInstance as Entity } from "../../domain/entities.js";
import { CONNECTION_OF, RELATION_ID, RELATION_NATIVE_ID, PROPERTIES_NOTE } from "../descriptions.js";
import { OperationStatus, Vendor } from "../enums.js";
import { Node } from "../node.js";
import { JSONObjectScalar } from "../scalars.js";
import { Relation } from "../relations/relation.js";
import { ObjectType } from "../object-type.js";

@Directive('@key(fields: "id")')
@ObjectType({ implements: [Relation, Node], description: "An instance of a custom Customer Insights Relationship type." })
export class RelationshipInstance {
  @Field(() => ID, { description: RELATION_ID }) id!: string;
  @Field(() => Vendor, { description: "Always CUSTOMER_INSIGHTS." }) vendor!: Entity["vendor"];
  @Field(() => String, { description: CONNECTION_OF }) connection!: string;
  @Field(() => String, { description: RELATION_NATIVE_ID }) nativeId!: string;

  @Field(() => String, { description: "Name of its relationship type: what createRelationshipInstance takes as relationshipType." })
  relationshipType!: string;

  @Field(() => String, {
    nullable: true,
    description: "ProfileId of the profile at the first end (of the type's profile type); null when the hub's record has none.",
  })
  profileId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "ProfileId of the profile at the second end (of the type's related profile type); null when the hub's record has none.",
  })
  relatedProfileId!: string | null;

  @Field(() => JSONObjectScalar, {
    description: `The hub's whole instance as JSON: RelationshipId, RelationshipType, ProfileId, RelatedProfileId and the values of the fields its type defines. ${PROPERTIES_NOTE}`,
  })
  properties!: JsonObject;

  @Field(() => OperationStatus, {
    description: "ACCEPTED when the create was accepted (HTTP 202) and the hub finishes it later; COMPLETED otherwise, and for every instance read from the hub.",
  })
  status!: Status;
}
