import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import type { NodeRef, RelationEndEntity, RelationEntity } from "../../domain/entities.js";
import { RelationEnd } from "../nodes/relation-end.js";
import { Relation } from "../relations/relation.js";

/** `source`/`target` of every relation: loaded through the request's loaders by ref. */
@Resolver(() => Relation)
export class RelationEndsResolver {
  @FieldResolver(() => RelationEnd, { nullable: true })
  source(@Root() relation: RelationEntity, @Ctx() ctx: GatewayContext): Promise<RelationEndEntity | null> {
    return loadEnd(relation.sourceRef, ctx);
  }

  @FieldResolver(() => RelationEnd, { nullable: true })
  target(@Root() relation: RelationEntity, @Ctx() ctx: GatewayContext): Promise<RelationEndEntity | null> {
    return loadEnd(relation.targetRef, ctx);
  }
}

export async function loadEnd(ref: NodeRef | null, ctx: GatewayContext): Promise<RelationEndEntity | null> {
  if (!ref) return null;
  return (await ctx.vendors.load(ref)) as RelationEndEntity | null;
}
