import { Directive, Field, ID } from "type-graphql";
import type { JsonObject, Person as PersonEntity } from "../../domain/entities.js";
import { CONNECTION_OF, END_ID, PROPERTIES_NOTE } from "../descriptions.js";
import { Vendor } from "../enums.js";
import { Node } from "../node.js";
import { JSONObjectScalar } from "../scalars.js";
import { ObjectType } from "../object-type.js";

/** `contact` is resolved by PersonFields (./resolvers.ts). Its relations: relationsOf(id:) with its id. */
@Directive('@key(fields: "id")')
@ObjectType({ implements: Node, description: "A SuperOffice person; always belongs to a contact." })
export class Person implements Omit<PersonEntity, "kind" | "contactId"> {
  @Field(() => ID, { description: END_ID }) id!: string;
  @Field(() => Vendor, { description: "Always SUPEROFFICE." }) vendor!: PersonEntity["vendor"];
  @Field(() => String, { description: CONNECTION_OF }) connection!: string;

  @Field(() => String, { description: "SuperOffice's PersonId (a positive 32-bit integer, as text); person(id:) takes it as a number." })
  nativeId!: string;

  @Field(() => String, { nullable: true, description: "The person's first name (Firstname); null when empty." }) firstName!: string | null;
  @Field(() => String, { nullable: true, description: "The person's last name (Lastname); null when empty." }) lastName!: string | null;
  @Field(() => String, { nullable: true, description: "The full name as SuperOffice formats it (FullName); null when empty." }) fullName!: string | null;
  @Field(() => String, { nullable: true, description: "The first of the person's e-mail addresses; null when there is none." }) email!: string | null;

  @Field(() => JSONObjectScalar, {
    description: `SuperOffice's whole PersonEntity as JSON (Firstname, Lastname, Emails, OfficePhones, MobilePhones, Contact, Position, CustomFields, …). ${PROPERTIES_NOTE}`,
  })
  properties!: JsonObject;
}
