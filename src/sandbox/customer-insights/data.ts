/**
 * Demo hub of the Customer Insights sandbox: two profile types, two relationship types,
 * one interaction type, one relationship link and 53 relationship instances.
 * Tests and playground examples use the exported ids; everything else is built from them.
 */

export const HUB_NAME = "contosohub";
export const SUBSCRIPTION_ID = "6a0f2a7e-3b1d-4c55-9e62-1f6a1c2d3e4f";
export const RESOURCE_GROUP = "crm-demo-rg";

export interface FieldDefinition {
  fieldName: string;
  fieldType: string;
}

export interface StrongIdDefinition {
  strongIdName: string;
  keyPropertyNames: string[];
}

export interface ProfileTypeDefinition {
  typeName: string;
  strongIds: StrongIdDefinition[];
  fields: FieldDefinition[];
}

export interface RelationshipTypeDefinition {
  relationshipName: string;
  profileType: string;
  relatedProfileType: string;
  cardinality: "OneToOne" | "OneToMany" | "ManyToMany";
  displayName: Record<string, string>;
  description: Record<string, string>;
  fields: FieldDefinition[];
}

export interface InteractionTypeDefinition {
  typeName: string;
  fields: FieldDefinition[];
}

export interface RelationshipLinkProperties {
  linkName: string;
  interactionType: string;
  relationshipName: string;
  displayName: Record<string, string>;
  description: Record<string, string>;
  profilePropertyReferences: Array<{ interactionPropertyName: string; profilePropertyName: string }>;
  relatedProfilePropertyReferences: Array<{ interactionPropertyName: string; profilePropertyName: string }>;
  mappings: Array<{ interactionFieldName: string; relationshipFieldName: string; linkType: string }>;
  provisioningState: string;
  tenantId: string;
  relationshipGuidId: string;
}

export type ProfileRecord = Record<string, unknown> & { ProfileId: string };
export type InstanceRecord = Record<string, unknown> & {
  RelationshipId: string;
  RelationshipType: string;
  ProfileId: string;
  RelatedProfileId: string;
};

export const PROFILE_TYPE_CONTACT = "Contact";
export const PROFILE_TYPE_ACCOUNT = "Account";
export const RELATIONSHIP_TYPE_ACCOUNT_CONTACT = "AccountContact";
export const RELATIONSHIP_TYPE_COLLEAGUE = "Colleague";
export const INTERACTION_TYPE_MEETING = "ContactMeeting";
export const RELATIONSHIP_LINK_MEETING = "MeetingAttendance";

/** The account with 36 AccountContact instances: its relationship list spans two 30-item pages. */
export const ACCOUNT_CONTOSO = { profileId: "acc-contoso", accountId: "A2001", name: "Contoso Ltd" };
export const ACCOUNT_FABRIKAM = { profileId: "acc-fabrikam", accountId: "A2002", name: "Fabrikam Inc" };
export const ACCOUNT_NORTHWIND = { profileId: "acc-northwind", accountId: "A2003", name: "Northwind Traders" };
/** ProfileId with a quote, to exercise OData quote doubling. */
export const ACCOUNT_OREILLY = { profileId: "acc-o'reilly", accountId: "A2004", name: "O'Reilly & Sons" };
export const CONTOSO_RELATIONSHIP_COUNT = 36;

export const profileTypes: ProfileTypeDefinition[] = [
  {
    typeName: PROFILE_TYPE_CONTACT,
    strongIds: [{ strongIdName: "ContactStrongId", keyPropertyNames: ["ContactId"] }],
    fields: [
      { fieldName: "ContactId", fieldType: "Edm.String" },
      { fieldName: "FirstName", fieldType: "Edm.String" },
      { fieldName: "LastName", fieldType: "Edm.String" },
      { fieldName: "Email", fieldType: "Edm.String" },
    ],
  },
  {
    typeName: PROFILE_TYPE_ACCOUNT,
    strongIds: [
      { strongIdName: "AccountStrongId", keyPropertyNames: ["AccountId"] },
      { strongIdName: "AccountTaxId", keyPropertyNames: ["Country", "TaxNumber"] },
    ],
    fields: [
      { fieldName: "AccountId", fieldType: "Edm.String" },
      { fieldName: "Name", fieldType: "Edm.String" },
      { fieldName: "Industry", fieldType: "Edm.String" },
      { fieldName: "Country", fieldType: "Edm.String" },
      { fieldName: "TaxNumber", fieldType: "Edm.String" },
    ],
  },
];

export const relationshipTypes: RelationshipTypeDefinition[] = [
  {
    relationshipName: RELATIONSHIP_TYPE_ACCOUNT_CONTACT,
    profileType: PROFILE_TYPE_CONTACT,
    relatedProfileType: PROFILE_TYPE_ACCOUNT,
    cardinality: "ManyToMany",
    displayName: { "en-us": "Works for" },
    description: { "en-us": "A contact working for an account" },
    fields: [
      { fieldName: "ContactId", fieldType: "Edm.String" },
      { fieldName: "AccountId", fieldType: "Edm.String" },
      { fieldName: "Role", fieldType: "Edm.String" },
      { fieldName: "IsPrimary", fieldType: "Edm.Boolean" },
    ],
  },
  {
    relationshipName: RELATIONSHIP_TYPE_COLLEAGUE,
    profileType: PROFILE_TYPE_CONTACT,
    relatedProfileType: PROFILE_TYPE_CONTACT,
    cardinality: "ManyToMany",
    displayName: { "en-us": "Colleague" },
    description: { "en-us": "Two contacts who work together" },
    fields: [
      { fieldName: "ContactId", fieldType: "Edm.String" },
      { fieldName: "ColleagueContactId", fieldType: "Edm.String" },
    ],
  },
];

export const interactionTypes: InteractionTypeDefinition[] = [
  {
    typeName: INTERACTION_TYPE_MEETING,
    fields: [
      { fieldName: "MeetingId", fieldType: "Edm.String" },
      { fieldName: "ContactId", fieldType: "Edm.String" },
      { fieldName: "AccountId", fieldType: "Edm.String" },
      { fieldName: "Role", fieldType: "Edm.String" },
      { fieldName: "MeetingDate", fieldType: "Edm.DateTimeOffset" },
    ],
  },
];

export const relationshipLinks: Array<{ name: string; properties: RelationshipLinkProperties }> = [
  {
    name: RELATIONSHIP_LINK_MEETING,
    properties: {
      linkName: RELATIONSHIP_LINK_MEETING,
      interactionType: INTERACTION_TYPE_MEETING,
      relationshipName: RELATIONSHIP_TYPE_ACCOUNT_CONTACT,
      displayName: { "en-us": "Meeting attendance" },
      description: { "en-us": "Contacts meeting for an account work for it" },
      profilePropertyReferences: [{ interactionPropertyName: "ContactId", profilePropertyName: "ContactId" }],
      relatedProfilePropertyReferences: [{ interactionPropertyName: "AccountId", profilePropertyName: "AccountId" }],
      mappings: [{ interactionFieldName: "Role", relationshipFieldName: "Role", linkType: "CopyIfNull" }],
      provisioningState: "Succeeded",
      tenantId: HUB_NAME,
      relationshipGuidId: "2f9c1e0a-7d44-4b8e-a1c3-5b6d7e8f9a01",
    },
  },
];

const FIRST_NAMES = ["Ada", "Ben", "Cleo", "Dan", "Eva", "Finn", "Gro", "Hugo", "Ida", "Jon"];
const LAST_NAMES = ["Berg", "Dahl", "Lund", "Moe"];
const STAMP = "2017-06-01T09:00:00.000Z";

function contactNumber(n: number): string {
  return String(n).padStart(3, "0");
}

/** Contact `n` (1..40): ProfileId `ct-001`…, strong id ContactId `C1001`…. */
export function contactProfileId(n: number): string {
  return `ct-${contactNumber(n)}`;
}
export function contactStrongId(n: number): string {
  return `C${1000 + n}`;
}

export const CONTACT_COUNT = 40;
export const CONTACT_ADA = { profileId: contactProfileId(1), contactId: contactStrongId(1) };

export function demoProfiles(): Map<string, Map<string, ProfileRecord>> {
  const contacts = new Map<string, ProfileRecord>();
  for (let n = 1; n <= CONTACT_COUNT; n++) {
    const first = FIRST_NAMES[(n - 1) % FIRST_NAMES.length]!;
    const last = LAST_NAMES[Math.floor((n - 1) / FIRST_NAMES.length) % LAST_NAMES.length]!;
    contacts.set(contactProfileId(n), {
      ProfileId: contactProfileId(n),
      ContactId: contactStrongId(n),
      FirstName: first,
      LastName: last,
      Email: `${first}.${last}${n}@example.com`.toLowerCase(),
      LastModifiedTimestamp: STAMP,
    });
  }
  const accounts = new Map<string, ProfileRecord>();
  const accountRows = [
    [ACCOUNT_CONTOSO, "Manufacturing", "US", "US-1001"],
    [ACCOUNT_FABRIKAM, "Retail", "US", "US-1002"],
    [ACCOUNT_NORTHWIND, "Food", "GB", "GB-2001"],
    [ACCOUNT_OREILLY, "Publishing", "IE", "IE-3001"],
  ] as const;
  for (const [account, industry, country, tax] of accountRows) {
    accounts.set(account.profileId, {
      ProfileId: account.profileId,
      AccountId: account.accountId,
      Name: account.name,
      Industry: industry,
      Country: country,
      TaxNumber: tax,
      LastModifiedTimestamp: STAMP,
    });
  }
  return new Map([
    [PROFILE_TYPE_CONTACT, contacts],
    [PROFILE_TYPE_ACCOUNT, accounts],
  ]);
}

/**
 * Instances in list order. The first 22 repeat a few ends (3 accounts, contacts 1–8) so
 * "relations and both ends" queries show the dedupe; then Contoso's 36.
 */
export function demoInstances(): InstanceRecord[] {
  const rows: InstanceRecord[] = [];
  const add = (fields: Record<string, unknown> & { RelationshipType: string; ProfileId: string; RelatedProfileId: string }) =>
    rows.push({
      RelationshipId: `rel-${String(rows.length + 1).padStart(4, "0")}`,
      ...fields,
      LastModifiedTimestamp: STAMP,
    });
  const worksFor = (n: number, account: { profileId: string; accountId: string }, role: string, primary: boolean) =>
    add({
      RelationshipType: RELATIONSHIP_TYPE_ACCOUNT_CONTACT,
      ProfileId: contactProfileId(n),
      RelatedProfileId: account.profileId,
      ContactId: contactStrongId(n),
      AccountId: account.accountId,
      Role: role,
      IsPrimary: primary,
    });
  const colleague = (a: number, b: number) =>
    add({
      RelationshipType: RELATIONSHIP_TYPE_COLLEAGUE,
      ProfileId: contactProfileId(a),
      RelatedProfileId: contactProfileId(b),
      ContactId: contactStrongId(a),
      ColleagueContactId: contactStrongId(b),
    });

  for (let n = 1; n <= 8; n++) worksFor(n, ACCOUNT_FABRIKAM, n === 1 ? "Buyer" : "Engineer", n === 1);
  for (let n = 1; n <= 4; n++) worksFor(n, ACCOUNT_NORTHWIND, "Advisor", false);
  for (let n = 1; n <= 5; n++) worksFor(n, ACCOUNT_OREILLY, "Author", n === 2);
  colleague(1, 2);
  colleague(1, 3);
  colleague(2, 3);
  colleague(4, 1);
  colleague(5, 1);
  for (let n = 1; n <= CONTOSO_RELATIONSHIP_COUNT; n++) worksFor(n, ACCOUNT_CONTOSO, n % 6 === 0 ? "Manager" : "Staff", n === 1);
  return rows;
}
