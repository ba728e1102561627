import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, Info, Mutation, Resolver } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import { createMutation } from "../create-mutation.js";
import { CreateAssociationRelationPayload } from "./payloads.js";
import { CreateAssociationRelationInput } from "./relation-input.js";

@Resolver()
export class HighLevelMutations {
  @Mutation(() => CreateAssociationRelationPayload)
  createAssociationRelation(
    @Arg("input", () => CreateAssociationRelationInput) input: CreateAssociationRelationInput,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CreateAssociationRelationPayload> {
    return createMutation<CreateAssociationRelationPayload>(ctx, info, input, {
      vendor: "HIGHLEVEL",
      empty: { relation: null },
      // HighLevel refuses a duplicate pair: a retry after an unknown outcome adopts the one that exists.
      write: async (retry) => ({
        relation: await ctx.vendors.client("HIGHLEVEL", input.connection, ["connection"]).createAssociationRelation(input, { adoptDuplicate: retry }),
      }),
    });
  }
}
