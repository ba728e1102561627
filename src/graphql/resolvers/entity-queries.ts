import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import type * as Domain from "../../domain/entities.js";
import type { Vendor as VendorName } from "../../domain/vendor.js";
import { ValidationError } from "../../errors.js";
import { Vendor } from "../enums.js";
import { Contact } from "../nodes/contact.js";
import { Person } from "../nodes/person.js";
import { Profile } from "../nodes/profile.js";
import { Record } from "../nodes/record.js";
import { ContactRelation } from "../relations/contact-relation.js";
import { RelationshipLink } from "../relations/relationship-link.js";

/** Entities by their native ids; a record the vendor does not have is null. */
@Resolver()
export class EntityQueries {
  @Query(() => Profile, { nullable: true })
  profile(
    @Arg("connection", () => String, { nullable: true }) connection: string | null,
    @Arg("profileType", () => String) profileType: string,
    @Arg("profileId", () => String) profileId: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Domain.Profile | null> {
    return ctx.vendors.client("CUSTOMER_INSIGHTS", connection).profile(profileType, profileId);
  }

  @Query(() => Contact, { nullable: true })
  contact(
    @Arg("vendor", () => Vendor) vendor: VendorName,
    @Arg("connection", () => String, { nullable: true }) connection: string | null,
    @Arg("id", () => String) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Domain.Contact | null> {
    if (vendor === "CUSTOMER_INSIGHTS") {
      throw new ValidationError("Customer Insights has profiles, not contacts: use `profile`", ["vendor"]);
    }
    return ctx.vendors.client(vendor, connection).contact(id);
  }

  @Query(() => Person, { nullable: true })
  person(
    @Arg("connection", () => String, { nullable: true }) connection: string | null,
    @Arg("id", () => Int) id: number,
    @Ctx() ctx: GatewayContext,
  ): Promise<Domain.Person | null> {
    return ctx.vendors.client("SUPEROFFICE", connection).person(String(id));
  }

  @Query(() => Record, { nullable: true })
  record(
    @Arg("connection", () => String, { nullable: true }) connection: string | null,
    @Arg("objectKey", () => String) objectKey: string,
    @Arg("id", () => String) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Domain.HlRecord | null> {
    return ctx.vendors.client("HIGHLEVEL", connection).record(objectKey, id);
  }

  @Query(() => ContactRelation, { nullable: true })
  contactRelation(
    @Arg("connection", () => String, { nullable: true }) connection: string | null,
    @Arg("id", () => Int) id: number,
    @Ctx() ctx: GatewayContext,
  ): Promise<Domain.ContactRelation | null> {
    return ctx.vendors.client("SUPEROFFICE", connection).relation(String(id));
  }

  @Query(() => RelationshipLink, { nullable: true })
  relationshipLink(
    @Arg("connection", () => String, { nullable: true }) connection: string | null,
    @Arg("name", () => String) name: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Domain.RelationshipLink | null> {
    return ctx.vendors.client("CUSTOMER_INSIGHTS", connection).relationshipLink(name);
  }
}
