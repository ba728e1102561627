import { Field } from "type-graphql";
import type { RelationEntity } from "../../domain/entities.js";
import { Relation } from "./relation.js";
import { ObjectType } from "../object-type.js";

/** The field descriptions are the contract's: it gives none (next.graphql), so none are added here. */
@ObjectType({ description: "Relay connection spec PageInfo (all four fields are required by Relay clients)." })
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType({ description: "One relation of a page, with the cursor that marks its place in the list." })
export class RelationEdge {
  @Field(() => String, { description: "Opaque position of this relation in its list: pass it as after to continue after it." })
  cursor!: string;

  @Field(() => Relation, { description: "The relation." })
  node!: RelationEntity;
}

@ObjectType({
  description:
    "One page of relations (a Relay connection), in the order the vendor lists them. Paging goes forward only: first and after; pageInfo says whether more follow.",
})
export class RelationConnection {
  @Field(() => [RelationEdge], { description: "The page's relations, each with its cursor." })
  edges!: RelationEdge[];

  @Field(() => [Relation], { description: "The same relations without cursors." })
  nodes!: RelationEntity[];

  @Field(() => PageInfo, { description: "Whether another page follows, and the cursors of this one." })
  pageInfo!: PageInfo;
}
