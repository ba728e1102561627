import { Directive, Field, ID, ObjectType } from "type-graphql";
import type { RelationshipLink as Entity } from "../../domain/entities.js";
import { Vendor } from "../enums.js";
import { Node } from "../node.js";

@ObjectType()
export class LocalizedString {
  @Field(() => String) locale!: string;
  @Field(() => String) value!: string;
}

@ObjectType()
export class PropertyReference {
  @Field(() => String) interactionPropertyName!: string;
  @Field(() => String) profilePropertyName!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({
  implements: Node,
  description: "A Customer Insights RelationshipLink: ties an interaction type to a relationship type.",
})
export class RelationshipLink implements Omit<Entity, "kind"> {
  @Field(() => ID) id!: string;
  @Field(() => Vendor) vendor!: Entity["vendor"];
  @Field(() => String) connection!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) linkName!: string | null;
  @Field(() => String) interactionType!: string;
  @Field(() => String) relationshipName!: string;
  @Field(() => [LocalizedString]) displayName!: LocalizedString[];
  @Field(() => [LocalizedString]) description!: LocalizedString[];
  @Field(() => [PropertyReference]) profilePropertyReferences!: PropertyReference[];
  @Field(() => [PropertyReference]) relatedProfilePropertyReferences!: PropertyReference[];
  @Field(() => String, { nullable: true }) provisioningState!: string | null;
  @Field(() => String, { nullable: true }) tenantId!: string | null;
  @Field(() => String, { nullable: true, description: "The vendor's resource id and type, as returned on create or update." })
  resourceId!: string | null;
  @Field(() => String, { nullable: true }) resourceType!: string | null;
}
