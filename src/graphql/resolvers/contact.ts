import { Arg, Args, Ctx, Extensions, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import type * as Domain from "../../domain/entities.js";
import { refOf } from "../../domain/ids.js";
import type { Vendor as VendorName } from "../../domain/vendor.js";
import { cost } from "../../limits/field-cost.js";
import { Vendor } from "../enums.js";
import { PageArgs } from "../inputs/page-args.js";
import { CONNECTION_ARG } from "../descriptions.js";
import { Contact, CONTACT_FIELDS } from "../nodes/contact.js";
import { RelationConnection } from "../relations/connection.js";
import { findNode } from "./find.js";
import { pageRequest, toConnection } from "./paging.js";

/** Contact is the one node type several vendors share: looked up by vendor and native id. */
@Resolver(() => Contact)
export class ContactResolver {
  @Query(() => Contact, { nullable: true, description: CONTACT_FIELDS.query })
  @Extensions(cost({ load: ["Contact"] }))
  contact(
    @Arg("vendor", () => Vendor, { description: CONTACT_FIELDS.vendorArg }) vendor: VendorName,
    @Arg("connection", () => String, { nullable: true, description: CONNECTION_ARG }) connection: string | null,
    @Arg("id", () => String, { description: CONTACT_FIELDS.idArg }) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Domain.Contact | null> {
    return findNode(ctx, vendor, connection, "Contact", [id]);
  }

  @FieldResolver(() => RelationConnection, { description: CONTACT_FIELDS.relations })
  @Extensions(cost({ relationsOf: ["Contact"] }))
  async relations(
    @Root() contact: Domain.Contact,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<RelationConnection> {
    const request = pageRequest(first, after);
    return toConnection(await ctx.vendors.relationsOf(refOf(contact), request, null), request);
  }
}
