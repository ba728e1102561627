import { Ctx, Query, Resolver } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import { VendorConnection } from "../nodes/vendor-connection.js";

@Resolver()
export class ConnectionsResolver {
  @Query(() => [VendorConnection], { description: "The vendor connections this gateway serves." })
  connections(@Ctx() ctx: GatewayContext): VendorConnection[] {
    return ctx.vendors.connections();
  }
}
