import { ArgsType, Field, Int } from "type-graphql";

/** Relay paging arguments of the relation lists; the cap is checked in resolvers/paging.ts. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 30 }) first!: number;
  @Field(() => String, { nullable: true }) after?: string | null;
}
