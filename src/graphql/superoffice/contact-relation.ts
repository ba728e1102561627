import { Directive, Field, ID, Int } from "type-graphql";
import type { Associate as AssociateEntity, ContactRelation as Entity, JsonObject } from "../../domain/entities.js";
import { CONNECTION_OF, RELATION_ID, RELATION_NATIVE_ID, PROPERTIES_NOTE } from "../descriptions.js";
import { Vendor } from "../enums.js";
import { Node } from "../node.js";
import { DateTimeScalar, JSONObjectScalar } from "../scalars.js";
import { Associate } from "./associate.js";
import { Relation } from "../relations/relation.js";
import { ObjectType } from "../object-type.js";

/** The typed ends (sourceContact, …) are resolved by ContactRelationFields (./resolvers.ts). */
@Directive('@key(fields: "id")')
@ObjectType({ implements: [Relation, Node], description: "A SuperOffice ContactRelationEntity." })
export class ContactRelation {
  @Field(() => ID, { description: RELATION_ID }) id!: string;
  @Field(() => Vendor, { description: "Always SUPEROFFICE." }) vendor!: Entity["vendor"];
  @Field(() => String, { description: CONNECTION_OF }) connection!: string;
  @Field(() => String, { description: RELATION_NATIVE_ID }) nativeId!: string;

  @Field(() => Int, { description: "SuperOffice's RelationId; contactRelation(id:) takes it." })
  relationId!: number;

  @Field(() => Int, { description: "The relation definition it is of: a RelationType.nativeId of relationTypes(vendor: SUPEROFFICE)." })
  relationDefinitionId!: number;

  @Field(() => Boolean, { description: "True when the relation runs against its definition: the source stands at the definition's second end, the destination at its first." })
  reversed!: boolean;

  @Field(() => String, { nullable: true, description: "The relation's comment (at most 254 characters); null when empty." })
  comment!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The definition\'s active text (its forward name, e.g. "Supplier to") in the request\'s Accept-Language, else the connection\'s language; null when empty.',
  })
  activeText!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The definition\'s passive text (its reverse name, e.g. "Customer of"), in the same language; null when empty.',
  })
  passiveText!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the relation was created; null when SuperOffice has no date." })
  createdDate!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the relation was last changed; null when SuperOffice has no date." })
  updatedDate!: Date | null;

  @Field(() => Associate, { nullable: true, description: "The user who created it; null when unknown." })
  createdBy!: AssociateEntity | null;

  @Field(() => Associate, { nullable: true, description: "The user who changed it last; null when unknown." })
  updatedBy!: AssociateEntity | null;

  @Field(() => JSONObjectScalar, {
    description: `SuperOffice's whole ContactRelationEntity as JSON (RelationId, Source/Destination ContactId and PersonId, RelationDefinitionId, Reversed, Comment, texts, dates and users). ${PROPERTIES_NOTE}`,
  })
  properties!: JsonObject;
}
