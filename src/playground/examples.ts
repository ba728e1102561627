import { encodeId } from "../domain/ids.js";
import {
  ACCOUNT_CONTOSO,
  ACCOUNT_NORTHWIND,
  INTERACTION_TYPE_MEETING,
  PROFILE_TYPE_ACCOUNT,
  RELATIONSHIP_TYPE_ACCOUNT_CONTACT,
  contactStrongId,
} from "../sandbox/customer-insights/data.js";
import { HIGHLEVEL_DEMO } from "../sandbox/highlevel/data.js";
import { SUPEROFFICE_DEMO } from "../sandbox/superoffice/data.js";

/**
 * Ready-to-run operations the playground opens with, one tab each (GraphiQL names a tab
 * after its operation). Ids are the built-in sandboxes' demo data, so every example returns
 * something real under `npm start` with no vendor configured.
 */
export interface PlaygroundExample {
  /** The operation's name: GraphiQL's tab title. */
  name: string;
  query: string;
  variables?: string;
}

const so = SUPEROFFICE_DEMO;
const hl = HIGHLEVEL_DEMO;

const adaGlobalId = encodeId({ vendor: "HIGHLEVEL", connection: "default", kind: "Contact", key: [hl.contacts.ada] });
const contosoGlobalId = encodeId({
  vendor: "CUSTOMER_INSIGHTS",
  connection: "default",
  kind: "Profile",
  key: [PROFILE_TYPE_ACCOUNT, ACCOUNT_CONTOSO.profileId],
});

/** Selection of a relation end of any vendor. */
const END_FRAGMENT = `fragment End on RelationEnd {
  __typename
  ... on Profile {
    profileType
    profileId
    properties
  }
  ... on Contact {
    vendor
    nativeId
    name
    email
  }
  ... on Person {
    nativeId
    fullName
    email
    contact {
      nativeId
      name
    }
  }
  ... on Record {
    objectKey
    nativeId
    properties
  }
}`;

export const PLAYGROUND_EXAMPLES: PlaygroundExample[] = [
  {
    name: "ContactRelationWithEnds",
    query: `# A SuperOffice relation and the records at both ends
query ContactRelationWithEnds {
  contactRelation(id: ${so.personRelationId}) {
    id
    relationId
    activeText
    passiveText
    comment
    reversed
    createdDate
    createdBy {
      fullName
    }
    source {
      ...End
    }
    target {
      ...End
    }
  }
}

${END_FRAGMENT}
`,
  },
  {
    name: "RelationsOfContact",
    query: `# Every relation of a HighLevel contact (first page), whichever record sits at the other end.
query RelationsOfContact {
  relationsOf(id: "${adaGlobalId}", first: 5) {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        __typename
        id
        ... on AssociationRelation {
          key
          firstObjectLabel
          secondObjectLabel
        }
        source {
          ...End
        }
        target {
          ...End
        }
      }
    }
  }
}

${END_FRAGMENT}
`,
  },
  {
    name: "SuperOfficeContactRelations",
    query: `# A SuperOffice company, its persons and its relations (paged; pass endCursor as "after").
query SuperOfficeContactRelations {
  contact(vendor: SUPEROFFICE, id: "${so.hubContactId}") {
    id
    name
    persons {
      fullName
    }
    relations(first: 5) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ... on ContactRelation {
          relationId
          activeText
          source {
            ...End
          }
          target {
            ...End
          }
        }
      }
    }
  }
}

${END_FRAGMENT}
`,
  },
  {
    name: "NodeLookup",
    query: `# Any id the gateway returned resolves through node(id:): here a Customer Insights account profile.
query NodeLookup {
  node(id: "${contosoGlobalId}") {
    __typename
    id
    ... on Profile {
      profileType
      profileId
      properties
      relationships(first: 3) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ... on RelationshipInstance {
            relationshipType
            properties
            source {
              ...End
            }
          }
        }
      }
    }
  }
}

${END_FRAGMENT}
`,
  },
  {
    name: "CreateContactRelation",
    query: `# SuperOffice: relate a person of one company to another company.
mutation CreateContactRelation {
  createContactRelation(
    input: {
      sourceContactId: ${so.contactIds[2]}
      sourcePersonId: 105
      destinationContactId: ${so.contactIds[5]}
      relationDefinitionId: ${so.relationDefinitionIds[3]}
      comment: "Created from the playground"
    }
  ) {
    relation {
      id
      relationId
      activeText
      comment
      source {
        ...End
      }
      target {
        ...End
      }
    }
    userErrors {
      field
      message
      code
    }
  }
}

${END_FRAGMENT}
`,
  },
  {
    name: "CreateAssociationRelation",
    query: `# HighLevel: relate two records under an association (run it twice to see the vendor refuse a duplicate).
mutation CreateAssociationRelation {
  createAssociationRelation(
    input: {
      associationId: "${hl.associations.mentor}"
      firstRecordId: "${hl.contacts.grace}"
      secondRecordId: "${hl.contacts.barbara}"
    }
  ) {
    relation {
      id
      relationId
      key
      firstObjectLabel
      secondObjectLabel
      source {
        ...End
      }
      target {
        ...End
      }
    }
    userErrors {
      field
      message
      code
    }
  }
}

${END_FRAGMENT}
`,
  },
  {
    name: "CreateRelationshipInstance",
    query: `# Customer Insights: a contact works for an account (the hub accepts it and finishes later: ACCEPTED).
mutation CreateRelationshipInstance {
  createRelationshipInstance(
    input: {
      relationshipType: "${RELATIONSHIP_TYPE_ACCOUNT_CONTACT}"
      profileStrongIdFieldMappings: [{ fieldName: "ContactId", strongIdKeyProperty: "ContactId" }]
      relatedProfileStrongIdFieldMappings: [{ fieldName: "AccountId", strongIdKeyProperty: "AccountId" }]
      properties: { ContactId: "${contactStrongId(20)}", AccountId: "${ACCOUNT_NORTHWIND.accountId}", Role: "Buyer", IsPrimary: false }
    }
  ) {
    status
    relationship {
      id
      relationshipType
      profileId
      relatedProfileId
      properties
      source {
        ...End
      }
      target {
        ...End
      }
    }
    userErrors {
      field
      message
      code
    }
  }
}

${END_FRAGMENT}
`,
  },
  {
    name: "UpsertRelationshipLink",
    query: `# Customer Insights: tie an interaction type to a relationship type (PUT, safe to repeat).
mutation UpsertRelationshipLink {
  upsertRelationshipLink(
    input: {
      name: "BuyerMeetings"
      interactionType: "${INTERACTION_TYPE_MEETING}"
      relationshipName: "${RELATIONSHIP_TYPE_ACCOUNT_CONTACT}"
      displayName: [{ locale: "en-us", value: "Buyer meetings" }]
      profilePropertyReferences: [{ interactionPropertyName: "ContactId", profilePropertyName: "ContactId" }]
      relatedProfilePropertyReferences: [{ interactionPropertyName: "AccountId", profilePropertyName: "AccountId" }]
    }
  ) {
    status
    link {
      id
      name
      relationshipName
      interactionType
      provisioningState
      displayName {
        locale
        value
      }
    }
    userErrors {
      field
      message
      code
    }
  }
}
`,
  },
  {
    name: "Connections",
    query: `# The vendor connections this gateway serves, and which of them are built-in sandboxes.
query Connections {
  connections {
    vendor
    name
    sandbox
  }
}
`,
  },
];
