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
  source(@Root() relation: RelationEntity, @Ctx() ctx: GatewayContext): Promise<RelationEndEntity | null> | null {
    return loadEnd(relation.sourceRef, ctx);
  }

  @FieldResolver(() => RelationEnd, { nullable: true })
  @Extensions(cost({ load: END_KINDS }))
  target(@Root() relation: RelationEntity, @Ctx() ctx: GatewayContext): Promise<RelationEndEntity | null> | null {
    return loadEnd(relation.targetRef, ctx);
  }
}

/** The loader's promise as it is (no async frame held while it is pending), or null at once for a relation without this end. */
export function loadEnd(ref: NodeRef | null, ctx: GatewayContext): Promise<RelationEndEntity | null> | null {
  return ref ? (ctx.vendors.load(ref) as Promise<RelationEndEntity | null>) : null;
}
