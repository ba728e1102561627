import { Field } from "type-graphql";
import type { Vendor as VendorName } from "../../domain/vendor.js";
import { Vendor } from "../enums.js";
import { ObjectType } from "../object-type.js";

@ObjectType({
  description:
    "One account of a vendor this gateway serves (whatever the vendor calls an account). The connection argument of queries and inputs names it.",
})
export class VendorConnection {
  @Field(() => Vendor, { description: "The vendor of this account." }) vendor!: VendorName;

  @Field(() => String, {
    description: 'The connection\'s name, as connection arguments take it: "default" for the one the environment variables configure, others as the configuration file names them.',
  })
  name!: string;

  @Field(() => Boolean, { description: "True where this connection is served by the built-in sandbox instead of the vendor." })
  sandbox!: boolean;
}
