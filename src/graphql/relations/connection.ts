import { Field, ObjectType } from "type-graphql";
import type { RelationEntity } from "../../domain/entities.js";
import { Relation } from "./relation.js";

@ObjectType({ description: "Relay connection spec PageInfo (all four fields are required by Relay clients)." })
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType()
export class RelationEdge {
  @Field(() => String) cursor!: string;
  @Field(() => Relation) node!: RelationEntity;
}

@ObjectType()
export class RelationConnection {
  @Field(() => [RelationEdge]) edges!: RelationEdge[];
  @Field(() => [Relation]) nodes!: RelationEntity[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
