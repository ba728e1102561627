import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, Extensions, Info, Mutation, Resolver } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import { CreateRelationshipInstanceInput } from "./instance-input.js";
import { UpsertRelationshipLinkInput } from "./link-input.js";
import { CreateRelationshipInstancePayload, UpsertRelationshipLinkPayload } from "./payloads.js";
import { createMutation } from "../create-mutation.js";
import { withUserErrors } from "../user-errors.js";
import { cost } from "../../limits/field-cost.js";
import { toCreateInstanceBody } from "../../vendors/customer-insights/map.js";
import { validateCreateInstance, validateLinkInput } from "../../vendors/customer-insights/validate.js";
import { collectIssues } from "../../validation-issues.js";

@Resolver()
export class CustomerInsightsMutations {
  @Mutation(() => CreateRelationshipInstancePayload, {
    description:
      "Creates a relationship instance between two profiles of a Customer Insights hub (an upsert there: the same type and ends update the instance). Checked first against the hub's relationship types and the ends' strong ids, without writing.",
  })
  @Extensions(cost({ create: "CUSTOMER_INSIGHTS" }))
  createRelationshipInstance(
    @Arg("input", () => CreateRelationshipInstanceInput, { description: "The instance to create." }) input: CreateRelationshipInstanceInput,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CreateRelationshipInstancePayload> {
    const client = () => ctx.vendors.client("CUSTOMER_INSIGHTS", input.connection, ["connection"]);
    return createMutation<CreateRelationshipInstancePayload>(ctx, info, input, {
      vendor: "CUSTOMER_INSIGHTS",
      empty: { status: null, relationship: null },
      applied: () => toCreateInstanceBody(input),
      check: (issues) => {
        issues.check(client);
        issues.check(() => validateCreateInstance(input));
      },
      // The catalogue check first; the hub's create is an upsert by the instance's key, so
      // sending it again after an unknown outcome is safe.
      write: async () => {
        await client().checkCreateRelationshipInstance(input);
        const relationship = await client().createRelationshipInstance(input);
        return { status: relationship.status, relationship };
      },
    });
  }

  @Mutation(() => UpsertRelationshipLinkPayload, {
    description:
      "Creates or replaces a Customer Insights relationship link: how an interaction type's records become instances of a relationship type. A PUT, so repeating it is safe (no idempotency key).",
  })
  @Extensions(cost({ write: 1 }))
  upsertRelationshipLink(
    @Arg("input", () => UpsertRelationshipLinkInput, { description: "The link to create or replace." }) input: UpsertRelationshipLinkInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<UpsertRelationshipLinkPayload> {
    const client = () => ctx.vendors.client("CUSTOMER_INSIGHTS", input.connection, ["connection"]);
    return withUserErrors<UpsertRelationshipLinkPayload>(
      async () => {
        // Unkeyed, so checked here: the connection and every field, in one pass.
        collectIssues((issues) => {
          issues.check(client);
          issues.check(() => validateLinkInput(input));
        });
        return client().upsertRelationshipLink(input);
      },
      { status: null, link: null },
    );
  }
}
