import { Directive, Field, ID } from "type-graphql";
import type { JsonObject, RelationType as Entity } from "../../domain/entities.js";
import { Vendor } from "../enums.js";
import { Node } from "../node.js";
import { JSONObjectScalar } from "../scalars.js";
import { ObjectType } from "../object-type.js";

/** Descriptions word for word as the contract (next.graphql, "relation lifecycle and catalogue") has them. */
@Directive('@key(fields: "id")')
@ObjectType({
  implements: Node,
  description:
    "A kind of relation a vendor connection allows: a Customer Insights relationship type, a SuperOffice relation definition, a HighLevel association.",
})
export class RelationType {
  @Field(() => ID) id!: string;
  @Field(() => Vendor) vendor!: Entity["vendor"];
  @Field(() => String) connection!: string;

  @Field(() => String, { description: "What the create mutation takes: CI relationshipType name, SO relationDefinitionId, HL associationId." })
  nativeId!: string;

  @Field(() => String, { description: "Forward name: CI relationship display name (or its name), SO active text, HL association key." })
  name!: string;

  @Field(() => String, { nullable: true, description: "Reverse name where the vendor has one: SO passive text, HL second object label." })
  inverseName!: string | null;

  @Field(() => [String], {
    description: "What may stand at the first end: CI profile type names, SO CONTACT and/or PERSON, HL object keys (e.g. contact, custom_objects.pets).",
  })
  sourceKinds!: string[];

  @Field(() => [String]) targetKinds!: string[];
  @Field(() => JSONObjectScalar) properties!: JsonObject;
}
