import { Field, ID, InterfaceType } from "type-graphql";

/** Objects with a global id; `kind` on every domain entity names its GraphQL type. */
@InterfaceType({ resolveType: (value: { kind: string }) => value.kind })
export abstract class Node {
  @Field(() => ID)
  id!: string;
}
