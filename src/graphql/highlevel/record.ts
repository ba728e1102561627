import { Directive, Field, ID } from "type-graphql";
import type { HlRecord, JsonObject } from "../../domain/entities.js";
import { CONNECTION_OF, END_ID, PROPERTIES_NOTE } from "../descriptions.js";
import { Vendor } from "../enums.js";
import { Node } from "../node.js";
import { JSONObjectScalar } from "../scalars.js";
import { ObjectType } from "../object-type.js";

@Directive('@key(fields: "id")')
@ObjectType("Record", { implements: Node, description: "A HighLevel custom object record." })
export class RecordNode implements Omit<HlRecord, "kind"> {
  @Field(() => ID, { description: END_ID }) id!: string;
  @Field(() => Vendor, { description: "Always HIGHLEVEL." }) vendor!: HlRecord["vendor"];
  @Field(() => String, { description: CONNECTION_OF }) connection!: string;
  @Field(() => String, { description: "HighLevel's id of the record; record(id:) takes it." }) nativeId!: string;

  @Field(() => String, {
    description: "The object the record is of, as HighLevel's paths name it: a custom object with its prefix (custom_objects.pets), a standard object bare (business).",
  })
  objectKey!: string;

  @Field(() => JSONObjectScalar, {
    description: `HighLevel's whole record as JSON: id, owner, followers, properties (the object's fields, keyed without the prefix), dateAdded, dateUpdated, … ${PROPERTIES_NOTE}`,
  })
  properties!: JsonObject;
}
