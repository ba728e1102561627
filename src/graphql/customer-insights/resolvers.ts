import { Arg, Args, Ctx, Extensions, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import type * as Domain from "../../domain/entities.js";
import { refOf } from "../../domain/ids.js";
import { cost } from "../../limits/field-cost.js";
import { PageArgs } from "../inputs/page-args.js";
import { RelationConnection } from "../relations/connection.js";
import { findNode } from "../resolvers/find.js";
import { pageRequest, toConnection } from "../resolvers/paging.js";
import { Profile } from "./profile.js";
import { RelationshipLink } from "./relationship-link.js";

@Resolver()
export class CustomerInsightsQueries {
  @Query(() => Profile, { nullable: true })
  @Extensions(cost({ load: ["Profile"] }))
  profile(
    @Arg("connection", () => String, { nullable: true }) connection: string | null,
    @Arg("profileType", () => String) profileType: string,
    @Arg("profileId", () => String) profileId: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Domain.Profile | null> {
    return findNode(ctx, "CUSTOMER_INSIGHTS", connection, "Profile", [profileType, profileId]);
  }

  @Query(() => RelationshipLink, { nullable: true })
  @Extensions(cost({ load: ["RelationshipLink"] }))
  relationshipLink(
    @Arg("connection", () => String, { nullable: true }) connection: string | null,
    @Arg("name", () => String) name: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Domain.RelationshipLink | null> {
    return findNode(ctx, "CUSTOMER_INSIGHTS", connection, "RelationshipLink", [name]);
  }
}

@Resolver(() => Profile)
export class ProfileFields {
  @FieldResolver(() => RelationConnection)
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
