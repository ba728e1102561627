import { Arg, Ctx, Extensions, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import type { RelationEntity, RelationType as RelationTypeEntity } from "../../domain/entities.js";
import type { Vendor as VendorName } from "../../domain/vendor.js";
import { Vendor } from "../enums.js";
import { RelationType } from "../nodes/relation-type.js";
import { Relation } from "../relations/relation.js";
import { cost } from "../../limits/field-cost.js";

/**
 * The relation-type catalogue: each connection's list, and every relation's own type. Both read
 * the connection's catalogue, at most once per request (and cached briefly across requests).
 */
@Resolver(() => Relation)
export class RelationTypeResolver {
  @Query(() => [RelationType], { description: "The relation types a connection offers, i.e. what the create mutations accept." })
  @Extensions(cost({ catalogue: "vendorArg" }))
  relationTypes(
    @Arg("vendor", () => Vendor, { description: "The vendor whose catalogue to list." }) vendor: VendorName,
    @Arg("connection", () => String, { nullable: true, description: 'The connection of that vendor; "default" when omitted.' }) connection: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<RelationTypeEntity[]> {
    return ctx.vendors.relationTypes(vendor, connection);
  }

  @FieldResolver(() => RelationType, { nullable: true })
  @Extensions(cost({ catalogue: "parent" }))
  async relationType(@Root() relation: RelationEntity, @Ctx() ctx: GatewayContext): Promise<RelationTypeEntity | null> {
    if (!relation.typeRef) return null;
    return (await ctx.vendors.load(relation.typeRef)) as RelationTypeEntity | null;
  }
}
