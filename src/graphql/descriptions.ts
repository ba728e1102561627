/**
 * Descriptions that many schema elements share, word for word wherever they appear (the
 * playground's Docs panel shows them). Descriptions of one element live next to its field.
 */

export const GLOBAL_ID =
  "Global id of this node: opaque and stable (do not parse it; it encodes vendor, connection, kind and the vendor's own key). node(id:) and nodes(ids:) load it again.";

/** The id of a relation end (Profile, Contact, Person, Record). */
export const END_ID = `${GLOBAL_ID} relationsOf(id:) takes it to list the relations at this end.`;

/** The id of a relation (the Relation interface and its types). */
export const RELATION_ID = `${GLOBAL_ID} deleteRelation takes it.`;

/** On every relation type alike, so one query over relationsOf can select it whatever the vendor (relationId's type differs). */
export const RELATION_NATIVE_ID =
  "The vendor's own id of this relation, as text (relationId for SuperOffice and HighLevel, the instance id for Customer Insights).";

export const VENDOR_OF = "The vendor that holds this record.";

export const CONNECTION_OF =
  'The connection (one configured account of the vendor, see connections) this record was read from; "default" unless the configuration names others.';

export const CONNECTION_ARG = 'Which connection of the vendor to ask (see connections); "default" when omitted.';

export const CONNECTION_INPUT = 'Which connection of the vendor to write to (see connections); "default" when omitted.';

export const PROPERTIES_NOTE = "Nothing the vendor returns is lost, even where the schema has no typed field for it.";

export const USER_ERRORS =
  "Why nothing was written: one entry per problem, every invalid input field at once (the gateway's own checks), or the vendor's refusal. Empty on success.";

export const PAGE_FIRST = "How many relations to return: 1 to 100, 30 when omitted (anything else is a VALIDATION error, not a silent cut).";

export const PAGE_AFTER =
  "Continue after this cursor: the endCursor (or an edge's cursor) of a page of the same list. Opaque; another list's cursor is a VALIDATION error. SuperOffice lists resume after the cursor's relationId, so relations deleted or added meanwhile never make a page skip or repeat one; HighLevel's vendor pages by offset only, so a relation deleted before the cursor shifts the next page by one (a skip) and one added repeats one; Customer Insights resumes after the cursor's instance within the hub's page.";

export const LOOKUP_NULL = "Null when the vendor has no such record; a malformed id is a VALIDATION error naming the argument.";
