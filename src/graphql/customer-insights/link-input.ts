import { Field, InputType } from "type-graphql";
import { CONNECTION_INPUT } from "../descriptions.js";

@InputType({ description: "A text in one language." })
export class LocalizedStringInput {
  @Field(() => String, { description: "Its locale code, e.g. en-us (case-insensitive; each locale at most once per list)." })
  locale!: string;

  @Field(() => String, { description: "The text in that locale." }) value!: string;
}

@InputType({ description: "Ties a property of the link's interaction type to a profile property: the interaction's value is the profile's key." })
export class PropertyReferenceInput {
  @Field(() => String, { description: "A property of the interaction type." }) interactionPropertyName!: string;
  @Field(() => String, { description: "The profile property (a strong id key) whose value it holds." }) profilePropertyName!: string;
}

@InputType({ description: "A relationship link to create, or to replace when one of this name exists (a PUT: safe to send again)." })
export class UpsertRelationshipLinkInput {
  @Field(() => String, { nullable: true, description: CONNECTION_INPUT }) connection?: string | null;
  @Field(() => String, { description: "The relationshipLinkName of the URL." }) name!: string;
  @Field(() => String, { nullable: true, description: "Defaults to name." }) linkName?: string | null;

  @Field(() => String, { description: "The interaction type whose records the link reads; the hub must define it." })
  interactionType!: string;

  @Field(() => String, { description: "The relationship type the link creates instances of; the hub must define it." })
  relationshipName!: string;

  @Field(() => [LocalizedStringInput], { nullable: true, description: "The link's display name per locale; none when omitted." })
  displayName?: LocalizedStringInput[] | null;

  @Field(() => [LocalizedStringInput], { nullable: true, description: "The link's description per locale; none when omitted." })
  description?: LocalizedStringInput[] | null;

  @Field(() => [PropertyReferenceInput], { description: "At least one: which interaction properties hold the key of the profile at the relationship's first end." })
  profilePropertyReferences!: PropertyReferenceInput[];

  @Field(() => [PropertyReferenceInput], { description: "At least one: which interaction properties hold the key of the profile at its second end." })
  relatedProfilePropertyReferences!: PropertyReferenceInput[];
}
