import { Field, ID, InterfaceType } from "type-graphql";
import type { Vendor as VendorName } from "../../domain/vendor.js";
import { Vendor } from "../enums.js";
import { Node } from "../node.js";

/** A relation of any vendor; `source`/`target` are added by RelationEndsResolver. */
@InterfaceType({ implements: Node, resolveType: (value: { kind: string }) => value.kind })
export abstract class Relation {
  @Field(() => ID) id!: string;
  @Field(() => Vendor) vendor!: VendorName;
  @Field(() => String) connection!: string;
}
