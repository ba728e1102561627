import { Arg, Args, Ctx, ID, Query, Resolver } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import type { NodeEntity, NodeRef, Page, RelationEntity } from "../../domain/entities.js";
import { decodeId } from "../../domain/ids.js";
import { ValidationError } from "../../errors.js";
import { PageArgs } from "../inputs/page-args.js";
import { Node } from "../node.js";
import { RelationConnection } from "../relations/connection.js";
import { pageRequest, toConnection, type PageRequest } from "./paging.js";

@Resolver()
export class NodeQueries {
  @Query(() => Node, { nullable: true })
  node(@Arg("id", () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<NodeEntity | null> {
    return loadNode(id, ctx);
  }

  @Query(() => [Node], { nullable: "items" })
  nodes(@Arg("ids", () => [ID]) ids: string[], @Ctx() ctx: GatewayContext): Promise<Array<NodeEntity | null>> {
    return Promise.all(ids.map((id) => loadNode(id, ctx)));
  }

  @Query(() => RelationConnection, {
    description: "Relations that have the given node at either end, across whichever vendor holds it.",
  })
  async relationsOf(
    @Arg("id", () => ID) id: string,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<RelationConnection> {
    const ref = decodeId(id);
    if (!ref) throw new ValidationError("id is not an id this gateway issued", ["id"]);
    return toConnection(await relationsOfRef(ref, pageRequest(first, after), ctx));
  }
}

/** Any id the gateway issued, or null (for garbage, foreign ids, and records that no longer exist). */
async function loadNode(id: string, ctx: GatewayContext): Promise<NodeEntity | null> {
  const ref = decodeId(id);
  return ref ? ctx.vendors.load(ref) : null;
}

/** The relation list of one end, wherever its vendor keeps it. */
export function relationsOfRef(ref: NodeRef, page: PageRequest, ctx: GatewayContext): Promise<Page<RelationEntity>> {
  const { vendor, connection, kind, key } = ref;
  if (vendor === "CUSTOMER_INSIGHTS" && kind === "Profile") {
    return ctx.vendors.client(vendor, connection, ["id"]).relationshipsOfProfile(key[0]!, key[1]!, page);
  }
  if (vendor === "SUPEROFFICE" && kind === "Contact") {
    return ctx.vendors.client(vendor, connection, ["id"]).relationsOfContact(key[0]!, page);
  }
  if (vendor === "SUPEROFFICE" && kind === "Person") {
    return ctx.vendors.client(vendor, connection, ["id"]).relationsOfPerson(key[0]!, page);
  }
  if (vendor === "HIGHLEVEL" && (kind === "Contact" || kind === "Record")) {
    return ctx.vendors.client(vendor, connection, ["id"]).relationsOfRecord(key.at(-1)!, page);
  }
  throw new ValidationError(`id names a ${kind}, which is not a relation end`, ["id"]);
}
