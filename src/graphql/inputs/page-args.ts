import { ArgsType, Field, Int } from "type-graphql";
import { PAGE_AFTER, PAGE_FIRST } from "../descriptions.js";

/** Relay paging arguments of the relation lists; the cap is checked in resolvers/paging.ts. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 30, description: PAGE_FIRST }) first!: number;
  @Field(() => String, { nullable: true, description: PAGE_AFTER }) after?: string | null;
}
