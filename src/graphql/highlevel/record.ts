import { Directive, Field, ID, ObjectType } from "type-graphql";
import type { HlRecord, JsonObject } from "../../domain/entities.js";
import { Vendor } from "../enums.js";
import { Node } from "../node.js";
import { JSONObjectScalar } from "../scalars.js";

@Directive('@key(fields: "id")')
@ObjectType("Record", { implements: Node, description: "A HighLevel custom object record." })
export class RecordNode implements Omit<HlRecord, "kind"> {
  @Field(() => ID) id!: string;
  @Field(() => Vendor) vendor!: HlRecord["vendor"];
  @Field(() => String) connection!: string;
  @Field(() => String) nativeId!: string;
  @Field(() => String) objectKey!: string;
  @Field(() => JSONObjectScalar) properties!: JsonObject;
}
