import { Arg, Ctx, Extensions, Mutation, Resolver } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import { cost } from "../../limits/field-cost.js";
import { CreateContactRelationInput } from "./relation-input.js";
import { CreateContactRelationPayload } from "./payloads.js";
import { withUserErrors } from "../user-errors.js";

@Resolver()
export class SuperOfficeMutations {
  @Mutation(() => CreateContactRelationPayload)
  @Extensions(cost({ write: 1 }))
  createContactRelation(
    @Arg("input", () => CreateContactRelationInput) input: CreateContactRelationInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<CreateContactRelationPayload> {
    return withUserErrors<CreateContactRelationPayload>(
      async () => ({
        relation: await ctx.vendors.client("SUPEROFFICE", input.connection, ["connection"]).createContactRelation(input),
      }),
      { relation: null },
    );
  }
}
