import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, Extensions, Info, Mutation, Resolver } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import { createMutation } from "../create-mutation.js";
import { CreateContactRelationPayload } from "./payloads.js";
import { CreateContactRelationInput } from "./relation-input.js";
import { cost } from "../../limits/field-cost.js";
import { toContactRelationSave } from "../../vendors/superoffice/map.js";
import { validateCreateContactRelation } from "../../vendors/superoffice/validate.js";

@Resolver()
export class SuperOfficeMutations {
  @Mutation(() => CreateContactRelationPayload, {
    description:
      "Creates a SuperOffice relation between two companies or persons (POST Relation). Checked first against the connection's relation definitions, without writing. SuperOffice accepts the same relation twice: send an idempotencyKey to retry safely.",
  })
  @Extensions(cost({ create: "SUPEROFFICE" }))
  createContactRelation(
    @Arg("input", () => CreateContactRelationInput, { description: "The relation to create." }) input: CreateContactRelationInput,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CreateContactRelationPayload> {
    const client = () => ctx.vendors.client("SUPEROFFICE", input.connection, ["connection"]);
    return createMutation<CreateContactRelationPayload>(ctx, info, input, {
      vendor: "SUPEROFFICE",
      empty: { relation: null },
      applied: () => toContactRelationSave(input),
      check: (issues) => {
        issues.check(client);
        issues.check(() => validateCreateContactRelation(input));
      },
      // The catalogue check first: a definition SuperOffice lacks, or ends it does not take, never reach a write.
      write: async () => {
        await client().checkCreateContactRelation(input);
        return { relation: await client().createContactRelation(input) };
      },
      // POST /Relation is no upsert and SuperOffice accepts duplicates: look for what the lost attempt made.
      reconcile: async (since) => {
        const relation = await client().findCreatedRelation(input, since);
        return relation && { relation };
      },
    });
  }
}
