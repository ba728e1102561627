import { Directive, Field, ID } from "type-graphql";
import type { RelationshipLink as Entity } from "../../domain/entities.js";
import { CONNECTION_OF, GLOBAL_ID } from "../descriptions.js";
import { Vendor } from "../enums.js";
import { Node } from "../node.js";
import { ObjectType } from "../object-type.js";

@ObjectType({ description: "A text in one language." })
export class LocalizedString {
  @Field(() => String, { description: "Its locale code, e.g. en-us." }) locale!: string;
  @Field(() => String, { description: "The text in that locale." }) value!: string;
}

@ObjectType({ description: "Ties a property of the link's interaction type to a profile property: the interaction's value is the profile's key." })
export class PropertyReference {
  @Field(() => String, { description: "A property of the interaction type." }) interactionPropertyName!: string;
  @Field(() => String, { description: "The profile property (a strong id key) whose value it holds." }) profilePropertyName!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({
  implements: Node,
  description: "A Customer Insights RelationshipLink: ties an interaction type to a relationship type.",
})
export class RelationshipLink implements Omit<Entity, "kind"> {
  @Field(() => ID, { description: GLOBAL_ID }) id!: string;
  @Field(() => Vendor, { description: "Always CUSTOMER_INSIGHTS." }) vendor!: Entity["vendor"];
  @Field(() => String, { description: CONNECTION_OF }) connection!: string;

  @Field(() => String, { description: "The link's name (relationshipLinkName): what relationshipLink(name:) and upsertRelationshipLink take." })
  name!: string;

  @Field(() => String, { nullable: true, description: "The link's own name as the hub stores it (an upsert sends name when none is given); null when the hub has none." })
  linkName!: string | null;

  @Field(() => String, { description: "The interaction type whose records the link turns into relationship instances." })
  interactionType!: string;

  @Field(() => String, { description: "The relationship type the link creates instances of." })
  relationshipName!: string;

  @Field(() => [LocalizedString], { description: "The link's display name in each locale it has (empty when none)." })
  displayName!: LocalizedString[];

  @Field(() => [LocalizedString], { description: "The link's description in each locale it has (empty when none)." })
  description!: LocalizedString[];

  @Field(() => [PropertyReference], { description: "Which interaction properties hold the key of the profile at the relationship's first end." })
  profilePropertyReferences!: PropertyReference[];

  @Field(() => [PropertyReference], { description: "Which interaction properties hold the key of the profile at its second end." })
  relatedProfilePropertyReferences!: PropertyReference[];

  @Field(() => String, {
    nullable: true,
    description: "The hub's provisioning state of the link, e.g. Provisioning after a new upsert, then Succeeded; null when the hub gives none.",
  })
  provisioningState!: string | null;

  @Field(() => String, { nullable: true, description: "The hub (tenant) the link belongs to; null when unknown." })
  tenantId!: string | null;

  @Field(() => String, { nullable: true, description: "The vendor's resource id and type, as returned on create or update." })
  resourceId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The resource type, e.g. Microsoft.CustomerInsights/hubs/relationshipLinks; null when the hub's answer had none.",
  })
  resourceType!: string | null;
}
