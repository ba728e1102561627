import { z } from "zod";

/**
 * HighLevel API v2 JSON, with the vendor's field names. Answers are validated with these
 * schemas at the boundary; loose objects keep every field the vendor sends (for `properties`).
 */

/** Sent as the `Version` header on every call. */
export const HIGHLEVEL_API_VERSION = "2021-07-28";

/** POST /associations/relations body (createRelationReqDto): all four required. */
export interface CreateRelationBody {
  locationId: string;
  associationId: string;
  firstRecordId: string;
  secondRecordId: string;
}

// The spec types labels and object keys as `object` with string examples: accept any value, read strings.
const looseText = z.unknown().optional();

/** An association (relation type) DTO; POST /associations/relations reuses it with the new relation's id. */
export const AssociationWire = z.looseObject({
  locationId: z.string().nullish(),
  id: z.string().min(1),
  key: z.string().nullish(),
  firstObjectLabel: looseText,
  firstObjectKey: looseText,
  secondObjectLabel: looseText,
  secondObjectKey: looseText,
  associationType: looseText,
});
export type AssociationWire = z.infer<typeof AssociationWire>;

/**
 * GET /associations/?locationId&skip&limit: the vendor's OpenAPI file documents the answer with
 * the single association's schema (wrong for a list) and the real wrapper is undocumented:
 * `{ associations: [...], total? }` is read, and a bare array too.
 */
export const AssociationListWire = z.union([
  z.array(AssociationWire).transform((associations) => ({ associations, total: null })),
  z.looseObject({ associations: z.array(AssociationWire), total: z.number().int().nonnegative().nullish() }),
]);
export type AssociationListWire = z.output<typeof AssociationListWire>;

/** One row of GET /associations/relations/{recordId} (shape observed in the wild; optional keys tolerated). */
export const RelationWire = z.looseObject({
  id: z.string().min(1),
  associationId: z.string().min(1),
  firstRecordId: z.string().min(1),
  secondRecordId: z.string().min(1),
  locationId: z.string().nullish(),
  firstObjectKey: z.string().nullish(),
  secondObjectKey: z.string().nullish(),
});
export type RelationWire = z.infer<typeof RelationWire>;

/** GET /associations/relations/{recordId} → `{ relations, total? }`. */
export const RelationListWire = z.looseObject({
  relations: z.array(RelationWire),
  total: z.number().int().nonnegative().nullish(),
  traceId: z.string().nullish(),
});
export type RelationListWire = z.infer<typeof RelationListWire>;

/** A contact (GetContectByIdSchema; no field is required there). */
export const ContactWire = z.looseObject({
  id: z.string().min(1),
  name: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  companyName: z.string().nullish(),
  locationId: z.string().nullish(),
});
export type ContactWire = z.infer<typeof ContactWire>;

/** GET /contacts/{contactId} → `{ contact }`. */
export const ContactResponseWire = z.looseObject({ contact: ContactWire });
export type ContactResponseWire = z.infer<typeof ContactResponseWire>;

/** An object record (IRecordSchema; properties keys have no schema prefix). */
export const RecordWire = z.looseObject({
  id: z.string().min(1),
  owner: z.array(z.string()).nullish(),
  followers: z.array(z.string()).nullish(),
  properties: z.record(z.string(), z.unknown()).nullish(),
  dateAdded: z.string().nullish(),
  dateUpdated: z.string().nullish(),
});
export type RecordWire = z.infer<typeof RecordWire>;

/** GET /objects/{schemaKey}/records/{id} → `{ record }`. */
export const RecordResponseWire = z.looseObject({ record: RecordWire });
export type RecordResponseWire = z.infer<typeof RecordResponseWire>;

/** 400 BadRequestDTO, 401 UnauthorizedDTO, 422 UnprocessableDTO (message is a list), 404; traceId observed. */
export const ErrorBodyWire = z.looseObject({
  statusCode: z.number().optional(),
  message: z.union([z.string(), z.array(z.string())]).optional(),
  error: z.string().optional(),
  traceId: z.string().optional(),
});
export type ErrorBodyWire = z.infer<typeof ErrorBodyWire>;
