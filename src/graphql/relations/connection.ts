import { Field } from "type-graphql";
import type { RelationEntity } from "../../domain/entities.js";
import { Relation } from "./relation.js";
import { ObjectType } from "../object-type.js";

@ObjectType({ description: "Relay connection spec PageInfo (all four fields are required by Relay clients)." })
export class PageInfo {
  @Field(() => Boolean, { description: "True when more relations follow this page (ask again with after: endCursor)." })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: "True when relations precede this page (the page was asked for with after)." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the first edge of this page; null when the page is empty." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last edge of this page; null when the page is empty." })
  endCursor!: string | null;
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
