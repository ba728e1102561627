import { Arg, Args, Ctx, Extensions, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import type * as Domain from "../../domain/entities.js";
import { refOf } from "../../domain/ids.js";
import { cost } from "../../limits/field-cost.js";
import { CONNECTION_ARG, LOOKUP_NULL } from "../descriptions.js";
import { PageArgs } from "../inputs/page-args.js";
import { RelationConnection } from "../relations/connection.js";
import { findNode } from "../resolvers/find.js";
import { pageRequest, toConnection } from "../resolvers/paging.js";
import { Profile } from "./profile.js";
import { RelationshipLink } from "./relationship-link.js";

@Resolver()
export class CustomerInsightsQueries {
  @Query(() => Profile, { nullable: true, description: `A Customer Insights profile by its profile type and ProfileId. ${LOOKUP_NULL}` })
  @Extensions(cost({ load: ["Profile"] }))
  profile(
    @Arg("connection", () => String, { nullable: true, description: CONNECTION_ARG }) connection: string | null,
    @Arg("profileType", () => String, { description: "The profile type (the hub's entity set), e.g. Contact or Account." }) profileType: string,
    @Arg("profileId", () => String, { description: "The profile's ProfileId (the hub's system key, not a strong id)." }) profileId: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Domain.Profile | null> {
    return findNode(ctx, "CUSTOMER_INSIGHTS", connection, "Profile", [profileType, profileId]);
  }

  @Query(() => RelationshipLink, { nullable: true, description: `A Customer Insights relationship link by its name. ${LOOKUP_NULL}` })
  @Extensions(cost({ load: ["RelationshipLink"] }))
  relationshipLink(
    @Arg("connection", () => String, { nullable: true, description: CONNECTION_ARG }) connection: string | null,
    @Arg("name", () => String, { description: "The link's name (relationshipLinkName), as RelationshipLink.name." }) name: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Domain.RelationshipLink | null> {
    return findNode(ctx, "CUSTOMER_INSIGHTS", connection, "RelationshipLink", [name]);
  }
}

@Resolver(() => Profile)
export class ProfileFields {
  @FieldResolver(() => RelationConnection, {
    description:
      "Relationship instances with this profile at either end, a page at a time, in the hub's order (its own pages hold 30; the gateway follows them up to first). Cursors are positions in the hub's list.",
  })
  @Extensions(cost({ relationsOf: ["Profile"] }))
  async relationships(
    @Root() profile: Domain.Profile,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<RelationConnection> {
    const request = pageRequest(first, after);
    return toConnection(await ctx.vendors.relationsOf(refOf(profile), request, null), request);
  }
}
