import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, Extensions, Info, Mutation, Resolver } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import { createMutation } from "../create-mutation.js";
import { CreateAssociationRelationPayload } from "./payloads.js";
import { CreateAssociationRelationInput } from "./relation-input.js";
import { cost } from "../../limits/field-cost.js";
import { checkCreateRelation } from "../../vendors/highlevel/validate.js";

@Resolver()
export class HighLevelMutations {
  @Mutation(() => CreateAssociationRelationPayload, {
    description:
      "Creates a HighLevel relation between two records under an association (POST associations/relations). Checked first against the location's associations and the records' objects, without writing. A second relation of the same pair is refused (CONFLICT).",
  })
  @Extensions(cost({ create: "HIGHLEVEL" }))
  createAssociationRelation(
    @Arg("input", () => CreateAssociationRelationInput, { description: "The relation to create." }) input: CreateAssociationRelationInput,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CreateAssociationRelationPayload> {
    const client = () => ctx.vendors.client("HIGHLEVEL", input.connection, ["connection"]);
    return createMutation<CreateAssociationRelationPayload>(ctx, info, input, {
      vendor: "HIGHLEVEL",
      empty: { relation: null },
      // The connection's location when the input names none.
      applied: () => checkCreateRelation(input, client().defaultLocationId),
      check: (issues) => {
        const highLevel = issues.check(client);
        // An unknown connection has no default location to fall back on; the other fields are checked all the same.
        issues.check(() => checkCreateRelation(input, highLevel ? highLevel.defaultLocationId : null));
      },
      // The catalogue check first (association and end objects); HighLevel refuses a duplicate
      // pair, so a retry after an unknown outcome adopts the one that exists.
      write: async (retry) => {
        await client().checkCreateAssociationRelation(input);
        return { relation: await client().createAssociationRelation(input, { adoptDuplicate: retry }) };
      },
    });
  }
}
