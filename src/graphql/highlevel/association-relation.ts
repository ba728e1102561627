import { Directive, Field, ID } from "type-graphql";
import type { AssociationRelation as Entity, AssociationType as TypeName, JsonObject } from "../../domain/entities.js";
import { CONNECTION_OF, RELATION_ID, RELATION_NATIVE_ID, PROPERTIES_NOTE } from "../descriptions.js";
import { AssociationType, Vendor } from "../enums.js";
import { Node } from "../node.js";
import { JSONObjectScalar } from "../scalars.js";
import { Relation } from "../relations/relation.js";
import { ObjectType } from "../object-type.js";

/** What the association says (key, objects, labels, type) is null where neither the relation's row nor its association gives it. */
@Directive('@key(fields: "id")')
@ObjectType({ implements: [Relation, Node], description: "A HighLevel relation between two records under an association." })
export class AssociationRelation {
  @Field(() => ID, { description: `${RELATION_ID} It holds the relation's id and the record at its first end.` }) id!: string;
  @Field(() => Vendor, { description: "Always HIGHLEVEL." }) vendor!: Entity["vendor"];
  @Field(() => String, { description: CONNECTION_OF }) connection!: string;
  @Field(() => String, { description: RELATION_NATIVE_ID }) nativeId!: string;
  @Field(() => String, { description: "HighLevel's id of the relation." }) relationId!: string;
  @Field(() => String, { description: "The location (sub-account) that holds the relation." }) locationId!: string;

  @Field(() => String, { description: "The association the relation is under: a RelationType.nativeId of relationTypes(vendor: HIGHLEVEL)." })
  associationId!: string;

  @Field(() => String, { description: "Id of the record at the association's first object (a contact id where that object is contact)." })
  firstRecordId!: string;

  @Field(() => String, { description: "Id of the record at the association's second object." })
  secondRecordId!: string;

  @Field(() => String, { nullable: true, description: "The association's key, e.g. contact_referral; null when unknown." })
  key!: string | null;

  @Field(() => String, { nullable: true, description: "The association's first object, e.g. contact or custom_objects.pets; null when unknown." })
  firstObjectKey!: string | null;

  @Field(() => String, { nullable: true, description: "The association's label for its first end, e.g. Owner; null when unknown." })
  firstObjectLabel!: string | null;

  @Field(() => String, { nullable: true, description: "The association's second object; null when unknown." })
  secondObjectKey!: string | null;

  @Field(() => String, { nullable: true, description: "The association's label for its second end; null when unknown." })
  secondObjectLabel!: string | null;

  @Field(() => AssociationType, { nullable: true, description: "Who defined the association; null when unknown." })
  associationType!: TypeName | null;

  @Field(() => JSONObjectScalar, {
    description: `HighLevel's relation as JSON (id, associationId, firstRecordId, secondRecordId, locationId, and the object keys where given). For a relation just created: HighLevel's answer to the create, the association's fields with the new relation's id. ${PROPERTIES_NOTE}`,
  })
  properties!: JsonObject;
}
