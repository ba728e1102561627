import { Arg, Ctx, Extensions, Mutation, Resolver } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import { cost } from "../../limits/field-cost.js";
import { CreateRelationshipInstanceInput } from "./instance-input.js";
import { UpsertRelationshipLinkInput } from "./link-input.js";
import { CreateRelationshipInstancePayload, UpsertRelationshipLinkPayload } from "./payloads.js";
import { withUserErrors } from "../user-errors.js";

@Resolver()
export class CustomerInsightsMutations {
  @Mutation(() => CreateRelationshipInstancePayload)
  // The POST, then the relationship type's definition to type the instance's ends.
  @Extensions(cost({ write: 2 }))
  createRelationshipInstance(
    @Arg("input", () => CreateRelationshipInstanceInput) input: CreateRelationshipInstanceInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<CreateRelationshipInstancePayload> {
    return withUserErrors<CreateRelationshipInstancePayload>(
      async () => {
        const client = ctx.vendors.client("CUSTOMER_INSIGHTS", input.connection, ["connection"]);
        const relationship = await client.createRelationshipInstance(input);
        return { status: relationship.status, relationship };
      },
      { status: null, relationship: null },
    );
  }

  @Mutation(() => UpsertRelationshipLinkPayload)
  @Extensions(cost({ write: 1 }))
  upsertRelationshipLink(
    @Arg("input", () => UpsertRelationshipLinkInput) input: UpsertRelationshipLinkInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<UpsertRelationshipLinkPayload> {
    return withUserErrors<UpsertRelationshipLinkPayload>(
      async () => ctx.vendors.client("CUSTOMER_INSIGHTS", input.connection, ["connection"]).upsertRelationshipLink(input),
      { status: null, link: null },
    );
  }
}
