import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import { CreateRelationshipInstanceInput } from "./instance-input.js";
import { UpsertRelationshipLinkInput } from "./link-input.js";
import { CreateRelationshipInstancePayload, UpsertRelationshipLinkPayload } from "./payloads.js";
import { withUserErrors } from "../user-errors.js";

@Resolver()
export class CustomerInsightsMutations {
  @Mutation(() => CreateRelationshipInstancePayload)
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
