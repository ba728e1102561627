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
import { RecordNode } from "./record.js";

@Resolver()
export class HighLevelQueries {
  @Query(() => RecordNode, { nullable: true, description: `A HighLevel record by its object and id. ${LOOKUP_NULL}` })
  @Extensions(cost({ load: ["Record"] }))
  record(
    @Arg("connection", () => String, { nullable: true, description: CONNECTION_ARG }) connection: string | null,
    @Arg("objectKey", () => String, {
      description: "The record's object: a custom object with or without its prefix (pets or custom_objects.pets), or a standard object (business).",
    })
    objectKey: string,
    @Arg("id", () => String, { description: "The record's id (Record.nativeId)." }) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Domain.HlRecord | null> {
    return findNode(ctx, "HIGHLEVEL", connection, "Record", [objectKey, id]);
  }
}

@Resolver(() => RecordNode)
export class RecordFields {
  @FieldResolver(() => RelationConnection, {
    description: "Relations with this record at either end, under any association, a page at a time. Cursors are offsets into HighLevel's list.",
  })
  @Extensions(cost({ relationsOf: ["Record"] }))
  async relations(
    @Root() record: Domain.HlRecord,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<RelationConnection> {
    const request = pageRequest(first, after);
    return toConnection(await ctx.vendors.relationsOf(refOf(record), request, null), request);
  }
}
