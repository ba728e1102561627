import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, Extensions, Info, Mutation, Resolver } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import type { NodeRef } from "../../domain/entities.js";
import { decodeId, encodeId } from "../../domain/ids.js";
import { ValidationError, VendorRejection } from "../../errors.js";
import { DeleteRelationInput } from "../inputs/delete-relation-input.js";
import { keyedMutation } from "../keyed-mutation.js";
import { DeleteRelationPayload } from "../payloads/delete-relation-payload.js";
import { cost } from "../../limits/field-cost.js";

@Resolver()
export class DeleteRelationResolver {
  /**
   * Keyed like the creates, scoped to the id's vendor and connection. A retry after an unknown
   * outcome sends the delete again (vendors delete by id, or by a re-read of the instance); if
   * the vendor then has no such relation, the earlier attempt deleted it (or it was already
   * gone, which the gateway cannot tell apart): either way it is gone, so the retry answers the
   * deletion rather than NOT_FOUND. Without that history a missing relation is NOT_FOUND.
   */
  @Mutation(() => DeleteRelationPayload, { description: "Deletes any relation by its global id, in whichever vendor holds it." })
  @Extensions(cost({ deleteId: "input.id" }))
  deleteRelation(
    @Arg("input", () => DeleteRelationInput, { description: "The relation's global id, and an optional idempotency key." }) input: DeleteRelationInput,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DeleteRelationPayload> {
    let ref: NodeRef;
    return keyedMutation<DeleteRelationPayload>(ctx, info, input.idempotencyKey, {
      // The id is the input's one field besides the key: it must be one the gateway issued, of a known connection.
      target: () => {
        const decoded = decodeId(input.id);
        if (!decoded) throw new ValidationError("id is not an id this gateway issued", ["id"]);
        ctx.vendors.checkIssued(decoded, ["id"]);
        ref = decoded;
        return { vendor: ref.vendor, connection: ref.connection };
      },
      // The ref as the gateway encodes it: another encoding of the same relation is the same input.
      input: () => ({ id: encodeId(ref) }),
      empty: { deletedId: null },
      write: async (retry) => {
        try {
          await ctx.vendors.deleteRelation(ref, ["id"]);
        } catch (error) {
          if (!(retry && error instanceof VendorRejection && error.userCode === "NOT_FOUND")) throw error;
        }
        return { deletedId: input.id };
      },
    });
  }
}
