import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import type { Associate as AssociateEntity, ContactRelation as Entity, JsonObject } from "../../domain/entities.js";
import { Vendor } from "../enums.js";
import { Node } from "../node.js";
import { DateTimeScalar, JSONObjectScalar } from "../scalars.js";
import { Associate } from "./associate.js";
import { Relation } from "../relations/relation.js";

@Directive('@key(fields: "id")')
@ObjectType({ implements: [Relation, Node], description: "A SuperOffice ContactRelationEntity." })
export class ContactRelation {
  @Field(() => ID) id!: string;
  @Field(() => Vendor) vendor!: Entity["vendor"];
  @Field(() => String) connection!: string;
  @Field(() => Int) relationId!: number;
  @Field(() => Int) relationDefinitionId!: number;
  @Field(() => Boolean) reversed!: boolean;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field(() => String, { nullable: true }) activeText!: string | null;
  @Field(() => String, { nullable: true }) passiveText!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) createdDate!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) updatedDate!: Date | null;
  @Field(() => Associate, { nullable: true }) createdBy!: AssociateEntity | null;
  @Field(() => Associate, { nullable: true }) updatedBy!: AssociateEntity | null;
  @Field(() => JSONObjectScalar) properties!: JsonObject;
}
