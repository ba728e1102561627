import { Field, InputType } from "type-graphql";

@InputType()
export class LocalizedStringInput {
  @Field(() => String) locale!: string;
  @Field(() => String) value!: string;
}

@InputType()
export class PropertyReferenceInput {
  @Field(() => String) interactionPropertyName!: string;
  @Field(() => String) profilePropertyName!: string;
}

@InputType()
export class UpsertRelationshipLinkInput {
  @Field(() => String, { nullable: true }) connection?: string | null;
  @Field(() => String, { description: "The relationshipLinkName of the URL." }) name!: string;
  @Field(() => String, { nullable: true, description: "Defaults to name." }) linkName?: string | null;
  @Field(() => String) interactionType!: string;
  @Field(() => String) relationshipName!: string;
  @Field(() => [LocalizedStringInput], { nullable: true }) displayName?: LocalizedStringInput[] | null;
  @Field(() => [LocalizedStringInput], { nullable: true }) description?: LocalizedStringInput[] | null;
  @Field(() => [PropertyReferenceInput]) profilePropertyReferences!: PropertyReferenceInput[];
  @Field(() => [PropertyReferenceInput]) relatedProfilePropertyReferences!: PropertyReferenceInput[];
}
