import { Directive, Field, ID, ObjectType } from "type-graphql";
import type { JsonObject, OperationStatus as Status, RelationshipInstance as Entity } from "../../domain/entities.js";
import { OperationStatus, Vendor } from "../enums.js";
import { Node } from "../node.js";
import { JSONObjectScalar } from "../scalars.js";
import { Relation } from "../relations/relation.js";

@Directive('@key(fields: "id")')
@ObjectType({ implements: [Relation, Node], description: "An instance of a custom Customer Insights Relationship type." })
export class RelationshipInstance {
  @Field(() => ID) id!: string;
  @Field(() => Vendor) vendor!: Entity["vendor"];
  @Field(() => String) connection!: string;
  @Field(() => String) relationshipType!: string;
  @Field(() => String, { nullable: true }) profileId!: string | null;
  @Field(() => String, { nullable: true }) relatedProfileId!: string | null;
  @Field(() => JSONObjectScalar) properties!: JsonObject;
  @Field(() => OperationStatus) status!: Status;
}
