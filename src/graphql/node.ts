import { Field, ID, InterfaceType } from "type-graphql";
import { GLOBAL_ID } from "./descriptions.js";
import { typeOf } from "./type-of.js";

/** Objects with a global id; `kind` on every domain entity names its GraphQL type. */
@InterfaceType({
  resolveType: typeOf,
  description: "Anything with a global id: node(id:) loads it again, whichever vendor and connection hold it.",
})
export abstract class Node {
  @Field(() => ID, { description: GLOBAL_ID })
  id!: string;
}
