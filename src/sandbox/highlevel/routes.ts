import { randomUUID } from "node:crypto";
import { Router, type RecordedRequest, type SandboxReply } from "../http.js";
import { dtoViolations, queryObject } from "./dto.js";
import { badRequest, forbiddenLocation, notFound, ok, unprocessable } from "./replies.js";
import { contactJson, recordJson, relationJson, type HighLevelStore } from "./store.js";

/**
 * The HighLevel endpoints the gateway uses, after authentication: `caller` is the location
 * the request's token belongs to (tokens are sub-account tokens, one location each).
 */
export function highLevelRoutes(store: HighLevelStore, callerOf: (req: RecordedRequest) => string): Router {
  const router = new Router();

  /** A location named in the request must be the token's own. */
  const wrongLocation = (req: RecordedRequest, locationId: unknown): boolean =>
    typeof locationId === "string" && locationId !== "" && locationId !== callerOf(req);

  router.on("POST", "/associations/relations", (req) => {
    const body = req.body;
    if (typeof body !== "object" || body === null || Array.isArray(body)) return badRequest("Bad Request");
    const input = body as Record<string, unknown>;
    const violations = dtoViolations(input, { strings: ["locationId", "associationId", "firstRecordId", "secondRecordId"] });
    if (violations.length > 0) return unprocessable(violations);
    const [locationId, associationId, firstRecordId, secondRecordId] = [
      input.locationId,
      input.associationId,
      input.firstRecordId,
      input.secondRecordId,
    ] as string[] as [string, string, string, string];
    if (wrongLocation(req, locationId)) return forbiddenLocation();
    const association = store.association(associationId);
    if (!association || association.locationId !== locationId) {
      return badRequest(`Association with id ${associationId} not found`);
    }
    if (!store.isRecordOf(locationId, association.firstObjectKey, firstRecordId)) {
      return badRequest(`firstRecordId ${firstRecordId} is not a record of ${association.firstObjectKey}`);
    }
    if (!store.isRecordOf(locationId, association.secondObjectKey, secondRecordId)) {
      return badRequest(`secondRecordId ${secondRecordId} is not a record of ${association.secondObjectKey}`);
    }
    if (store.duplicateOf(association, firstRecordId, secondRecordId)) {
      return badRequest(`Could not create relation: duplicate relation of object Ids for given association ${associationId}`);
    }
    const relation = store.addRelation({ associationId, firstRecordId, secondRecordId, locationId });
    // The vendor answers with its association DTO, carrying the new relation's id.
    return ok(
      {
        locationId,
        id: relation.id,
        key: association.key,
        firstObjectLabel: association.firstObjectLabel,
        firstObjectKey: association.firstObjectKey,
        secondObjectLabel: association.secondObjectLabel,
        secondObjectKey: association.secondObjectKey,
        associationType: association.associationType,
      },
      201,
    );
  });

  router.on("GET", "/associations/relations/:recordId", (req, { recordId = "" }) => {
    const query = queryObject(req.query);
    const rawIds = query.associationIds ?? query["associationIds[]"];
    const rest = { ...query };
    delete rest.associationIds;
    delete rest["associationIds[]"];
    const violations = dtoViolations(rest, { strings: ["locationId"], numbers: { skip: 0, limit: 1 } });
    if (violations.length > 0) return unprocessable(violations);
    const locationId = rest.locationId as string;
    if (wrongLocation(req, locationId)) return forbiddenLocation();
    const associationIds = (Array.isArray(rawIds) ? rawIds : rawIds === undefined ? [] : [rawIds])
      .flatMap((v) => String(v).split(","))
      .filter((v) => v !== "");
    const all = store.relationsOf(locationId, recordId, associationIds);
    const skip = Number(rest.skip);
    const limit = Number(rest.limit);
    const relations = all.slice(skip, skip + limit).map((r) => relationJson(r, store.association(r.associationId)));
    return ok({ relations, total: all.length, traceId: randomUUID() });
  });

  router.on("DELETE", "/associations/relations/:relationId", (req, { relationId = "" }) => {
    const query = queryObject(req.query);
    const violations = dtoViolations(query, { strings: ["locationId"] });
    if (violations.length > 0) return unprocessable(violations);
    if (wrongLocation(req, query.locationId)) return forbiddenLocation();
    const relation = store.relation(relationId);
    if (!relation || relation.locationId !== query.locationId) return notFound(`Relation with id ${relationId} not found`);
    const association = store.association(relation.associationId);
    store.deleteRelation(relationId);
    return ok({ ...(association && { ...association }), locationId: relation.locationId, id: relation.id });
  });

  router.on("GET", "/associations/key/:key", (req, { key = "" }) => {
    const query = queryObject(req.query);
    const violations = dtoViolations(query, { strings: ["locationId"] });
    if (violations.length > 0) return unprocessable(violations);
    if (wrongLocation(req, query.locationId)) return forbiddenLocation();
    const association = store.associationByKey(query.locationId as string, key);
    return association ? ok(association) : notFound(`Association with key ${key} not found`);
  });

  router.on("GET", "/associations/objectKey/:objectKey", (req, { objectKey = "" }) => {
    const query = queryObject(req.query);
    const violations = dtoViolations(query, { optional: ["locationId"] });
    if (violations.length > 0) return unprocessable(violations);
    if (wrongLocation(req, query.locationId)) return forbiddenLocation();
    const associations = store
      .associationsOf(callerOf(req))
      .filter((a) => a.firstObjectKey === objectKey || a.secondObjectKey === objectKey);
    return ok(associations);
  });

  router.on("GET", "/associations/:associationId", (req, { associationId = "" }) => {
    const association = store.association(associationId);
    if (!association) return notFound(`Association with id ${associationId} not found`);
    if (association.locationId !== callerOf(req)) return forbiddenLocation();
    return ok(association);
  });

  router.on("GET", "/associations", (req) => {
    const query = queryObject(req.query);
    const violations = dtoViolations(query, { strings: ["locationId"], numbers: { skip: 0, limit: 1 } });
    if (violations.length > 0) return unprocessable(violations);
    if (wrongLocation(req, query.locationId)) return forbiddenLocation();
    const all = store.associationsOf(query.locationId as string);
    const skip = Number(query.skip);
    const associations = all.slice(skip, skip + Number(query.limit));
    return ok({ associations, total: all.length, traceId: randomUUID() });
  });

  router.on("GET", "/contacts/:contactId", (req, { contactId = "" }) => {
    const contact = store.contact(contactId);
    if (!contact) return notFound(`Contact with id ${contactId} not found`);
    if (contact.locationId !== callerOf(req)) return forbiddenLocation();
    return ok({ contact: contactJson(contact), traceId: randomUUID() });
  });

  router.on("GET", "/objects/:schemaKey/records/:id", (req, { schemaKey = "", id = "" }): SandboxReply => {
    const location = callerOf(req);
    if (!store.hasSchema(location, schemaKey)) return notFound(`Object schema ${schemaKey} not found`);
    const record = store.record(id);
    if (!record || record.objectKey !== schemaKey) return notFound(`Record with id ${id} not found`);
    if (record.locationId !== location) return forbiddenLocation();
    return ok({ record: recordJson(record), traceId: randomUUID() });
  });

  return router;
}
