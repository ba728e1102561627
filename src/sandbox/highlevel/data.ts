/**
 * Demo data of the HighLevel sandbox: ids the gateway tests and playground examples use.
 * Ids are fixed so examples keep working across restarts; relations created at run time get
 * random ids. Contact "Ada" sits on 26 relations so relation lists page.
 */

export const HIGHLEVEL_DEMO = {
  locationId: "hlDemoLocationMain01",
  /** A second location: the main location's token is refused there (403). */
  otherLocationId: "hlDemoLocationAlt002",
  contacts: {
    ada: "ctAdaLovelace0000001",
    grace: "ctGraceHopper0000002",
    alan: "ctAlanTuring00000003",
    katherine: "ctKatherineJohnson04",
    linus: "ctLinusTorvalds00005",
    margaret: "ctMargaretHamilton06",
    edsger: "ctEdsgerDijkstra0007",
    barbara: "ctBarbaraLiskov00008",
  },
  otherLocationContacts: {
    otto: "ctOttoOtherLoc000001",
    olga: "ctOlgaOtherLoc000002",
  },
  objects: {
    pets: "custom_objects.pets",
    vehicles: "custom_objects.vehicles",
    business: "business",
  },
  pets: {
    rex: "recPetRex00000000001",
    luna: "recPetLuna0000000002",
    milo: "recPetMilo0000000003",
    bella: "recPetBella000000004",
    charlie: "recPetCharlie0000005",
    daisy: "recPetDaisy000000006",
    max: "recPetMax00000000007",
    nala: "recPetNala0000000008",
  },
  vehicles: {
    van: "recVehicleVan0000001",
    truck: "recVehicleTruck00002",
    bike: "recVehicleBike000003",
    sedan: "recVehicleSedan00004",
    scooter: "recVehicleScooter005",
    tractor: "recVehicleTractor006",
  },
  businesses: {
    acme: "recBusinessAcme00001",
    globex: "recBusinessGlobex002",
  },
  associations: {
    /** USER_DEFINED contact ↔ contact. */
    referral: "asReferral0000000001",
    /** USER_DEFINED contact ↔ contact. */
    mentor: "asMentor000000000002",
    /** USER_DEFINED contact ↔ custom_objects.pets. */
    petOwner: "asPetOwner0000000003",
    /** USER_DEFINED custom_objects.vehicles ↔ contact (custom object first). */
    vehicleDriver: "asVehicleDriver00004",
    /** USER_DEFINED custom_objects.pets ↔ custom_objects.vehicles. */
    petTransport: "asPetTransport000005",
    /** SYSTEM_DEFINED business ↔ contact. */
    businessContacts: "BUSINESSES_CONTACTS_ASSOCIATION",
  },
  otherLocationAssociations: {
    referral: "asOtherReferral00006",
  },
  /** Relations that have contacts.ada at one end. */
  adaRelationCount: 26,
  /** All demo relations of the main location. */
  relationCount: 34,
} as const;

const d = HIGHLEVEL_DEMO;

export interface DemoContact {
  id: string;
  locationId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  companyName: string | null;
}

export const DEMO_CONTACTS: DemoContact[] = [
  contact(d.contacts.ada, d.locationId, "Ada", "Lovelace", "+14155550101", "Analytical Engines Ltd"),
  contact(d.contacts.grace, d.locationId, "Grace", "Hopper", "+14155550102", "Acme Corp"),
  contact(d.contacts.alan, d.locationId, "Alan", "Turing", "+14155550103", null),
  contact(d.contacts.katherine, d.locationId, "Katherine", "Johnson", "+14155550104", "NACA"),
  contact(d.contacts.linus, d.locationId, "Linus", "Torvalds", "+14155550105", null),
  contact(d.contacts.margaret, d.locationId, "Margaret", "Hamilton", "+14155550106", "Hamilton Technologies"),
  contact(d.contacts.edsger, d.locationId, "Edsger", "Dijkstra", "+14155550107", null),
  contact(d.contacts.barbara, d.locationId, "Barbara", "Liskov", "+14155550108", "MIT"),
  contact(d.otherLocationContacts.otto, d.otherLocationId, "Otto", "Other", "+14155550201", null),
  contact(d.otherLocationContacts.olga, d.otherLocationId, "Olga", "Other", "+14155550202", null),
];

export interface DemoRecord {
  id: string;
  locationId: string;
  /** Schema key as in paths: `custom_objects.pets`, or a standard object key like `business`. */
  objectKey: string;
  /** Keys without the schema prefix, as the vendor returns them. */
  properties: Record<string, unknown>;
}

export const DEMO_RECORDS: DemoRecord[] = [
  ...(
    [
      [d.pets.rex, "Rex", "dog", 5],
      [d.pets.luna, "Luna", "cat", 3],
      [d.pets.milo, "Milo", "cat", 2],
      [d.pets.bella, "Bella", "dog", 7],
      [d.pets.charlie, "Charlie", "parrot", 12],
      [d.pets.daisy, "Daisy", "rabbit", 1],
      [d.pets.max, "Max", "dog", 4],
      [d.pets.nala, "Nala", "cat", 6],
    ] as const
  ).map(([id, name, species, age]) => record(id, d.objects.pets, { name, species, age })),
  ...(
    [
      [d.vehicles.van, "Delivery van", "VAN-001"],
      [d.vehicles.truck, "Pickup truck", "TRK-002"],
      [d.vehicles.bike, "Cargo bike", "BKE-003"],
      [d.vehicles.sedan, "Sedan", "SDN-004"],
      [d.vehicles.scooter, "Scooter", "SCT-005"],
      [d.vehicles.tractor, "Tractor", "TRC-006"],
    ] as const
  ).map(([id, name, plate]) => record(id, d.objects.vehicles, { name, license_plate: plate })),
  record(d.businesses.acme, d.objects.business, { name: "Acme Corp", website: "https://acme.example" }),
  record(d.businesses.globex, d.objects.business, { name: "Globex", website: "https://globex.example" }),
];

export interface DemoAssociation {
  locationId: string;
  id: string;
  key: string;
  firstObjectLabel: string;
  firstObjectKey: string;
  secondObjectLabel: string;
  secondObjectKey: string;
  associationType: "USER_DEFINED" | "SYSTEM_DEFINED";
}

export const DEMO_ASSOCIATIONS: DemoAssociation[] = [
  association(d.associations.referral, "contact_referral", ["Referrer", "contact"], ["Referred", "contact"]),
  association(d.associations.mentor, "mentor_mentee", ["Mentor", "contact"], ["Mentee", "contact"]),
  association(d.associations.petOwner, "pet_owner", ["Owner", "contact"], ["Pet", d.objects.pets]),
  association(d.associations.vehicleDriver, "vehicle_driver", ["Vehicle", d.objects.vehicles], ["Driver", "contact"]),
  association(d.associations.petTransport, "pet_transport", ["Pet", d.objects.pets], ["Vehicle", d.objects.vehicles]),
  {
    ...association(d.associations.businessContacts, "businesses_contacts", ["Business", "business"], ["Contact", "contact"]),
    associationType: "SYSTEM_DEFINED",
  },
  {
    ...association(d.otherLocationAssociations.referral, "contact_referral", ["Referrer", "contact"], ["Referred", "contact"]),
    locationId: d.otherLocationId,
  },
];

const c = d.contacts;
const p = d.pets;
const v = d.vehicles;
const a = d.associations;
/** [associationId, firstRecordId, secondRecordId], in creation order. */
const DEMO_PAIRS: Array<[string, string, string]> = [
  ...[c.grace, c.alan, c.katherine, c.linus, c.margaret, c.edsger, c.barbara].map(
    (other): [string, string, string] => [a.referral, c.ada, other],
  ),
  [a.petOwner, c.ada, p.rex],
  [a.vehicleDriver, v.van, c.ada],
  [a.mentor, c.ada, c.grace],
  [a.petOwner, c.ada, p.luna],
  [a.vehicleDriver, v.truck, c.ada],
  [a.mentor, c.ada, c.alan],
  [a.petOwner, c.ada, p.milo],
  [a.vehicleDriver, v.bike, c.ada],
  [a.mentor, c.ada, c.katherine],
  [a.businessContacts, d.businesses.acme, c.ada],
  [a.petOwner, c.ada, p.bella],
  [a.vehicleDriver, v.sedan, c.ada],
  [a.mentor, c.ada, c.linus],
  [a.petOwner, c.ada, p.charlie],
  [a.vehicleDriver, v.scooter, c.ada],
  [a.mentor, c.margaret, c.ada],
  [a.petOwner, c.ada, p.daisy],
  [a.vehicleDriver, v.tractor, c.ada],
  [a.businessContacts, d.businesses.globex, c.ada],
  // relations without Ada
  [a.petOwner, c.grace, p.max],
  [a.petOwner, c.grace, p.rex],
  [a.petOwner, c.alan, p.nala],
  [a.petTransport, p.rex, v.van],
  [a.petTransport, p.luna, v.van],
  [a.petTransport, p.milo, v.truck],
  [a.businessContacts, d.businesses.acme, c.grace],
  [a.vehicleDriver, v.van, c.grace],
];

export interface DemoRelation {
  id: string;
  associationId: string;
  firstRecordId: string;
  secondRecordId: string;
  locationId: string;
}

export const DEMO_RELATIONS: DemoRelation[] = [
  ...DEMO_PAIRS.map(([associationId, firstRecordId, secondRecordId], i) => ({
    id: `relDemo${String(i + 1).padStart(13, "0")}`,
    associationId,
    firstRecordId,
    secondRecordId,
    locationId: d.locationId,
  })),
  {
    id: "relDemoOther00000001",
    associationId: d.otherLocationAssociations.referral,
    firstRecordId: d.otherLocationContacts.otto,
    secondRecordId: d.otherLocationContacts.olga,
    locationId: d.otherLocationId,
  },
];

function contact(
  id: string,
  locationId: string,
  firstName: string,
  lastName: string,
  phone: string,
  companyName: string | null,
): DemoContact {
  const email = `${firstName}.${lastName}@example.com`.toLowerCase();
  return { id, locationId, firstName, lastName, email, phone, companyName };
}

function record(id: string, objectKey: string, properties: Record<string, unknown>): DemoRecord {
  return { id, locationId: HIGHLEVEL_DEMO.locationId, objectKey, properties };
}

function association(
  id: string,
  key: string,
  [firstObjectLabel, firstObjectKey]: [string, string],
  [secondObjectLabel, secondObjectKey]: [string, string],
): DemoAssociation {
  return {
    locationId: HIGHLEVEL_DEMO.locationId,
    id,
    key,
    firstObjectLabel,
    firstObjectKey,
    secondObjectLabel,
    secondObjectKey,
    associationType: "USER_DEFINED",
  };
}
