import { GraphQLDateTime, GraphQLJSON, GraphQLJSONObject } from "graphql-scalars";

/** The contract's scalars: JSON, JSONObject and DateTime (ISO 8601). */
export const JSONScalar = GraphQLJSON;
export const JSONObjectScalar = GraphQLJSONObject;
export const DateTimeScalar = GraphQLDateTime;
