import { Arg, Ctx, Extensions, Mutation, Resolver } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import { cost } from "../../limits/field-cost.js";
import { CreateAssociationRelationInput } from "./relation-input.js";
import { CreateAssociationRelationPayload } from "./payloads.js";
import { withUserErrors } from "../user-errors.js";

@Resolver()
export class HighLevelMutations {
  @Mutation(() => CreateAssociationRelationPayload)
  @Extensions(cost({ write: 1 }))
  createAssociationRelation(
    @Arg("input", () => CreateAssociationRelationInput) input: CreateAssociationRelationInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<CreateAssociationRelationPayload> {
    return withUserErrors<CreateAssociationRelationPayload>(
      async () => ({
        relation: await ctx.vendors.client("HIGHLEVEL", input.connection, ["connection"]).createAssociationRelation(input),
      }),
      { relation: null },
    );
  }
}
