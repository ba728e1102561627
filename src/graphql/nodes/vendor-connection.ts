import { Field, ObjectType } from "type-graphql";
import type { Vendor as VendorName } from "../../domain/vendor.js";
import { Vendor } from "../enums.js";

@ObjectType()
export class VendorConnection {
  @Field(() => Vendor) vendor!: VendorName;
  @Field(() => String) name!: string;
  @Field(() => Boolean, { description: "True where this connection is served by the built-in sandbox instead of the vendor." })
  sandbox!: boolean;
}
