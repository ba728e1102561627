import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import type * as Domain from "../../domain/entities.js";
import { PageArgs } from "../inputs/page-args.js";
import { Contact } from "../nodes/contact.js";
import { Person } from "../nodes/person.js";
import { Profile } from "../nodes/profile.js";
import { Record } from "../nodes/record.js";
import { RelationConnection } from "../relations/connection.js";
import { ContactRelation } from "../relations/contact-relation.js";
import { EMPTY_CONNECTION, pageRequest, toConnection } from "./paging.js";

@Resolver(() => Profile)
export class ProfileFields {
  @FieldResolver(() => RelationConnection)
  async relationships(
    @Root() profile: Domain.Profile,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<RelationConnection> {
    const client = ctx.vendors.client("CUSTOMER_INSIGHTS", profile.connection, null);
    return toConnection(await client.relationshipsOfProfile(profile.profileType, profile.profileId, pageRequest(first, after)));
  }
}

@Resolver(() => Contact)
export class ContactFields {
  @FieldResolver(() => [Person], { description: "SuperOffice persons that belong to this contact; empty for HighLevel." })
  persons(@Root() contact: Domain.Contact, @Ctx() ctx: GatewayContext): Promise<Domain.Person[]> | Domain.Person[] {
    if (contact.vendor !== "SUPEROFFICE") return [];
    return ctx.vendors.client("SUPEROFFICE", contact.connection, null).personsOfContact(contact.nativeId);
  }

  @FieldResolver(() => RelationConnection)
  async relations(
    @Root() contact: Domain.Contact,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<RelationConnection> {
    const page = pageRequest(first, after);
    if (contact.vendor === "SUPEROFFICE") {
      return toConnection(await ctx.vendors.client("SUPEROFFICE", contact.connection, null).relationsOfContact(contact.nativeId, page));
    }
    if (contact.vendor === "HIGHLEVEL") {
      return toConnection(await ctx.vendors.client("HIGHLEVEL", contact.connection, null).relationsOfRecord(contact.nativeId, page));
    }
    return EMPTY_CONNECTION;
  }
}

@Resolver(() => Person)
export class PersonFields {
  @FieldResolver(() => Contact, { nullable: true })
  contact(@Root() person: Domain.Person, @Ctx() ctx: GatewayContext): Promise<Domain.Contact | null> | null {
    if (!person.contactId) return null;
    return ctx.vendors.client("SUPEROFFICE", person.connection, null).contact(person.contactId);
  }
}

@Resolver(() => Record)
export class RecordFields {
  @FieldResolver(() => RelationConnection)
  async relations(
    @Root() record: Domain.HlRecord,
    @Args(() => PageArgs) { first, after }: PageArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<RelationConnection> {
    const client = ctx.vendors.client("HIGHLEVEL", record.connection, null);
    return toConnection(await client.relationsOfRecord(record.nativeId, pageRequest(first, after)));
  }
}

/** The typed ends of a SuperOffice relation (`source`/`target` give the most specific one). */
@Resolver(() => ContactRelation)
export class ContactRelationFields {
  @FieldResolver(() => Contact, { nullable: true })
  sourceContact(@Root() r: Domain.ContactRelation, @Ctx() ctx: GatewayContext) {
    return contactOf(r, r.sourceContactId, ctx);
  }

  @FieldResolver(() => Person, { nullable: true })
  sourcePerson(@Root() r: Domain.ContactRelation, @Ctx() ctx: GatewayContext) {
    return personOf(r, r.sourcePersonId, ctx);
  }

  @FieldResolver(() => Contact, { nullable: true })
  destinationContact(@Root() r: Domain.ContactRelation, @Ctx() ctx: GatewayContext) {
    return contactOf(r, r.destinationContactId, ctx);
  }

  @FieldResolver(() => Person, { nullable: true })
  destinationPerson(@Root() r: Domain.ContactRelation, @Ctx() ctx: GatewayContext) {
    return personOf(r, r.destinationPersonId, ctx);
  }
}

function contactOf(r: Domain.ContactRelation, id: number | null, ctx: GatewayContext) {
  return id ? ctx.vendors.client("SUPEROFFICE", r.connection, null).contact(String(id)) : null;
}

function personOf(r: Domain.ContactRelation, id: number | null, ctx: GatewayContext) {
  return id ? ctx.vendors.client("SUPEROFFICE", r.connection, null).person(String(id)) : null;
}
