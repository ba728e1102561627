import { Directive, Field, ID } from "type-graphql";
import type { Contact as ContactEntity, JsonObject } from "../../domain/entities.js";
import { CONNECTION_OF, END_ID, LOOKUP_NULL, PROPERTIES_NOTE } from "../descriptions.js";
import { Vendor } from "../enums.js";
import { Node } from "../node.js";
import { JSONObjectScalar } from "../scalars.js";
import { ObjectType } from "../object-type.js";

/** The one node type several vendors share: its descriptions say what each field is at each of them. */
@Directive('@key(fields: "id")')
@ObjectType({ implements: Node, description: "A SuperOffice contact (a company) or a HighLevel contact (a person)." })
export class Contact implements Omit<ContactEntity, "kind"> {
  @Field(() => ID, { description: END_ID }) id!: string;

  @Field(() => Vendor, { description: "SUPEROFFICE (the contact is a company) or HIGHLEVEL (a person)." })
  vendor!: ContactEntity["vendor"];

  @Field(() => String, { description: CONNECTION_OF }) connection!: string;

  @Field(() => String, {
    description: "The vendor's own id: SuperOffice's ContactId (a positive 32-bit integer, as text) or HighLevel's contact id. contact(id:) takes it.",
  })
  nativeId!: string;

  @Field(() => String, {
    nullable: true,
    description: "SuperOffice: the company's name. HighLevel: the contact's name, else its first and last name. Null when the vendor has none.",
  })
  name!: string | null;

  @Field(() => String, { nullable: true, description: "The contact's e-mail address (SuperOffice: the first of Emails); null when there is none." })
  email!: string | null;

  @Field(() => String, { nullable: true, description: "The contact's phone number (SuperOffice: the first of Phones); null when there is none." })
  phone!: string | null;

  @Field(() => JSONObjectScalar, {
    description: `The vendor's whole record as JSON: SuperOffice's ContactEntity (Name, OrgNr, Emails, Phones, Persons, Address, CustomFields, …) or HighLevel's contact (firstName, lastName, email, phone, tags, customFields, …). ${PROPERTIES_NOTE}`,
  })
  properties!: JsonObject;
}

/** For the resolvers in ../resolvers/contact.ts, which may not name vendors themselves. */
export const CONTACT_FIELDS = {
  relations:
    "Relations with this contact at either end, a page at a time. SuperOffice: the company's Relation archive; HighLevel: the contact's relations under every association. Cursors are offsets into the vendor's list.",
  query: `A SuperOffice company or a HighLevel contact (a person) by the vendor's own id. ${LOOKUP_NULL}`,
  vendorArg: "SUPEROFFICE or HIGHLEVEL: the vendors that have contacts (another is a VALIDATION error).",
  idArg: 'The contact\'s id at the vendor (Contact.nativeId): a SuperOffice ContactId such as "11", or a HighLevel contact id.',
};
