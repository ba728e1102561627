/** The descriptions of the safe-write fields, word for word as the contract (next.graphql) has them. */

export const IDEMPOTENCY_KEY_DESCRIPTION =
  "Client-chosen key (1-255 printable ASCII) that makes retries safe: the same key with the same input within 24 h returns the first answer (replayed: true) and never writes twice; the same key with another input is refused (IDEMPOTENCY_KEY_REUSED). The HTTP header Idempotency-Key does the same for a request with one mutation field.";

export const REPLAYED_DESCRIPTION =
  "True when this answer is the stored answer of an earlier request with the same idempotency key (no vendor call was made).";
