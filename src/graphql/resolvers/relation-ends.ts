import { Ctx, Extensions, FieldResolver, Resolver, Root } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import { END_KINDS, type NodeRef, type RelationEndEntity, type RelationEntity } from "../../domain/entities.js";
import { cost } from "../../limits/field-cost.js";
import { RelationEnd } from "../nodes/relation-end.js";
import { Relation } from "../relations/relation.js";

/** `source`/`target` of every relation: loaded through the request's loaders by ref. */
@Resolver(() => Relation)
export class RelationEndsResolver {
  @FieldResolver(() => RelationEnd, { nullable: true })
  @Extensions(cost({ load: END_KINDS }))
  source(@Root() relation: RelationEntity, @Ctx() ctx: GatewayContext): Promise<RelationEndEntity | null> {
    return loadEnd(relation.sourceRef, ctx);
  }

  @FieldResolver(() => RelationEnd, { nullable: true })
  @Extensions(cost({ load: END_KINDS }))
  target(@Root() relation: RelationEntity, @Ctx() ctx: GatewayContext): Promise<RelationEndEntity | null> {
    return loadEnd(relation.targetRef, ctx);
  }
}

export async function loadEnd(ref: NodeRef | null, ctx: GatewayContext): Promise<RelationEndEntity | null> {
  if (!ref) return null;
  return (await ctx.vendors.load(ref)) as RelationEndEntity | null;
}
