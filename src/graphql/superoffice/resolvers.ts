import { Arg, Ctx, Extensions, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { GatewayContext } from "../../context.js";
import type * as Domain from "../../domain/entities.js";
import { cost } from "../../limits/field-cost.js";
import { MAX_PERSONS } from "../../vendors/superoffice/client.js";
import { CONNECTION_ARG, LOOKUP_NULL } from "../descriptions.js";
import { Contact } from "../nodes/contact.js";
import { findNode } from "../resolvers/find.js";
import { ContactRelation } from "./contact-relation.js";
import { Person } from "./person.js";

@Resolver()
export class SuperOfficeQueries {
  @Query(() => Person, { nullable: true, description: `A SuperOffice person by PersonId. ${LOOKUP_NULL}` })
  @Extensions(cost({ load: ["Person"] }))
  person(
    @Arg("connection", () => String, { nullable: true, description: CONNECTION_ARG }) connection: string | null,
    @Arg("id", () => Int, { description: "The PersonId (Person.nativeId): a positive 32-bit integer." }) id: number,
    @Ctx() ctx: GatewayContext,
  ): Promise<Domain.Person | null> {
    return findNode(ctx, "SUPEROFFICE", connection, "Person", [String(id)]);
  }

  @Query(() => ContactRelation, { nullable: true, description: `A SuperOffice relation by RelationId. ${LOOKUP_NULL}` })
  @Extensions(cost({ load: ["ContactRelation"] }))
  contactRelation(
    @Arg("connection", () => String, { nullable: true, description: CONNECTION_ARG }) connection: string | null,
    @Arg("id", () => Int, { description: "The RelationId (ContactRelation.relationId): a positive 32-bit integer." }) id: number,
    @Ctx() ctx: GatewayContext,
  ): Promise<Domain.ContactRelation | null> {
    return findNode(ctx, "SUPEROFFICE", connection, "ContactRelation", [String(id)]);
  }
}

/** SuperOffice contacts are companies with persons; HighLevel contacts are people and have none. */
@Resolver(() => Contact)
export class ContactPersons {
  @FieldResolver(() => [Person], { description: "SuperOffice persons that belong to this contact; empty for HighLevel." })
  // The contact itself is already loaded (and cached) by whatever resolved it; then one call per person.
  @Extensions(cost({ load: ["Person"], upTo: MAX_PERSONS }))
  persons(@Root() contact: Domain.Contact, @Ctx() ctx: GatewayContext): Promise<Domain.Person[]> | Domain.Person[] {
    if (contact.vendor !== "SUPEROFFICE") return [];
    return ctx.vendors.client("SUPEROFFICE", contact.connection, null).personsOfContact(contact.nativeId);
  }
}

@Resolver(() => Person)
export class PersonFields {
  @FieldResolver(() => Contact, { nullable: true, description: "The company the person belongs to; null when SuperOffice names none, or no longer has it." })
  @Extensions(cost({ load: ["Contact"] }))
  contact(@Root() person: Domain.Person, @Ctx() ctx: GatewayContext): Promise<Domain.Contact | null> | null {
    return person.contactId ? load(person, "Contact", person.contactId, ctx) : null;
  }
}

/** The typed ends of a SuperOffice relation (`source`/`target` give the most specific one). */
@Resolver(() => ContactRelation)
export class ContactRelationFields {
  @FieldResolver(() => Contact, { nullable: true, description: "The company at the source end (the person's company when sourcePerson is set); null when SuperOffice names none." })
  @Extensions(cost({ load: ["Contact"] }))
  sourceContact(@Root() r: Domain.ContactRelation, @Ctx() ctx: GatewayContext) {
    return r.sourceContactId ? load(r, "Contact", r.sourceContactId, ctx) : null;
  }

  @FieldResolver(() => Person, { nullable: true, description: "The person at the source end; null when the source is the company itself." })
  @Extensions(cost({ load: ["Person"] }))
  sourcePerson(@Root() r: Domain.ContactRelation, @Ctx() ctx: GatewayContext) {
    return r.sourcePersonId ? load(r, "Person", r.sourcePersonId, ctx) : null;
  }

  @FieldResolver(() => Contact, { nullable: true, description: "The company at the destination end (the person's company when destinationPerson is set); null when SuperOffice names none." })
  @Extensions(cost({ load: ["Contact"] }))
  destinationContact(@Root() r: Domain.ContactRelation, @Ctx() ctx: GatewayContext) {
    return r.destinationContactId ? load(r, "Contact", r.destinationContactId, ctx) : null;
  }

  @FieldResolver(() => Person, { nullable: true, description: "The person at the destination end; null when the destination is the company itself." })
  @Extensions(cost({ load: ["Person"] }))
  destinationPerson(@Root() r: Domain.ContactRelation, @Ctx() ctx: GatewayContext) {
    return r.destinationPersonId ? load(r, "Person", r.destinationPersonId, ctx) : null;
  }
}

/** A record of the same connection as `from`, through the request's loaders. */
function load<K extends "Contact" | "Person">(
  from: { vendor: Domain.NodeRef["vendor"]; connection: string },
  kind: K,
  id: number | string,
  ctx: GatewayContext,
): Promise<Extract<Domain.NodeEntity, { kind: K }> | null> {
  const ref = { vendor: from.vendor, connection: from.connection, kind, key: [String(id)] };
  return ctx.vendors.load(ref) as Promise<Extract<Domain.NodeEntity, { kind: K }> | null>;
}
