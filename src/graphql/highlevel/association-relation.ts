import { Directive, Field, ID, ObjectType } from "type-graphql";
import type { AssociationRelation as Entity, AssociationType as TypeName, JsonObject } from "../../domain/entities.js";
import { AssociationType, Vendor } from "../enums.js";
import { Node } from "../node.js";
import { JSONObjectScalar } from "../scalars.js";
import { Relation } from "../relations/relation.js";

@Directive('@key(fields: "id")')
@ObjectType({ implements: [Relation, Node], description: "A HighLevel relation between two records under an association." })
export class AssociationRelation {
  @Field(() => ID) id!: string;
  @Field(() => Vendor) vendor!: Entity["vendor"];
  @Field(() => String) connection!: string;
  @Field(() => String) relationId!: string;
  @Field(() => String) locationId!: string;
  @Field(() => String) associationId!: string;
  @Field(() => String) firstRecordId!: string;
  @Field(() => String) secondRecordId!: string;
  @Field(() => String, { nullable: true }) key!: string | null;
  @Field(() => String, { nullable: true }) firstObjectKey!: string | null;
  @Field(() => String, { nullable: true }) firstObjectLabel!: string | null;
  @Field(() => String, { nullable: true }) secondObjectKey!: string | null;
  @Field(() => String, { nullable: true }) secondObjectLabel!: string | null;
  @Field(() => AssociationType, { nullable: true }) associationType!: TypeName | null;
  @Field(() => JSONObjectScalar) properties!: JsonObject;
}
