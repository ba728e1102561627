import { Directive, Field, ID } from "type-graphql";
import type { JsonObject, RelationType as Entity } from "../../domain/entities.js";
import { Vendor } from "../enums.js";
import { Node } from "../node.js";
import { JSONObjectScalar } from "../scalars.js";
import { ObjectType } from "../object-type.js";

/** Descriptions word for word as the contract has them. */
@Directive('@key(fields: "id")')
@ObjectType({
  implements: Node,
  description:
    "A kind of relation a vendor connection allows: a Customer Insights relationship type, a SuperOffice relation definition, a HighLevel association.",
})
export class RelationType {
  @Field(() => ID, { description: "Global id of this node: opaque and stable; node(id:) loads it again." })
  id!: string;

  @Field(() => Vendor, { description: "The vendor whose catalogue holds this type." })
  vendor!: Entity["vendor"];

  @Field(() => String, { description: "The connection (one configured account of the vendor) whose catalogue holds this type." })
  connection!: string;

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

  @Field(() => [String], { description: "What may stand at the second end, in the same terms as sourceKinds." })
  targetKinds!: string[];

  @Field(() => JSONObjectScalar, { description: "The vendor's whole definition record, as it returned it." })
  properties!: JsonObject;
}
