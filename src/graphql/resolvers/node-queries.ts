import { Arg, Args, Ctx, Extensions, ID, Query, Resolver } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import type { NodeEntity } from "../../domain/entities.js";
import { decodeId } from "../../domain/ids.js";
import { ValidationError } from "../../errors.js";
import { cost } from "../../limits/field-cost.js";
import { PageArgs } from "../inputs/page-args.js";
import { Node } from "../node.js";
import { RelationConnection } from "../relations/connection.js";
import { pageRequest, toConnection } from "./paging.js";

@Resolver()
export class NodeQueries {
  @Query(() => Node, {
    nullable: true,
    description:
      "Any node by the global id the gateway gave it, whichever vendor holds it. Null for an id the gateway did not issue, or a record the vendor no longer has.",
  })
  @Extensions(cost({ loadIds: "id" }))
  node(@Arg("id", () => ID, { description: "A global id: the id field of any node." }) id: string, @Ctx() ctx: GatewayContext): Promise<NodeEntity | null> {
    return loadNode(id, ctx);
  }

  @Query(() => [Node], {
    nullable: "items",
    description: "Several nodes by global id, in the order asked, each null where node(id:) would be null.",
  })
  @Extensions(cost({ loadIds: "ids" }))
  nodes(
    @Arg("ids", () => [ID], { description: "Global ids: at most the gateway's id limit (MAX_IDS, 100 by default) in one request." }) ids: string[],
    @Ctx() ctx: GatewayContext,
  ): Promise<Array<NodeEntity | null>> {
    return Promise.all(ids.map((id) => loadNode(id, ctx)));
  }

  @Query(() => RelationConnection, {
    description: "Relations that have the given node at either end, across whichever vendor holds it.",
  })
  @Extensions(cost({ relationsOfId: "id" }))
  async relationsOf(
    @Arg("id", () => ID, {
      description: "Global id of a relation end (a Profile, Contact, Person or Record); another kind, or an id the gateway did not issue, is a VALIDATION error.",
    })
    id: string,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<RelationConnection> {
    const ref = decodeId(id);
    if (!ref) throw new ValidationError("id is not an id this gateway issued", ["id"]);
    const request = pageRequest(first, after);
    return toConnection(await ctx.vendors.relationsOf(ref, request, ["id"]), request);
  }
}

/** Any id the gateway issued, or null (for garbage, foreign ids, and records that no longer exist). */
async function loadNode(id: string, ctx: GatewayContext): Promise<NodeEntity | null> {
  const ref = decodeId(id);
  return ref ? ctx.vendors.load(ref) : null;
}
