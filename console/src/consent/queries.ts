import { graphql } from '../gql';

// Apart from the card's own query: consent and bounces are read by the reference path
// (not compiled yet), and the card should not wait for them.
export const ClientConsentQuery = graphql(`
  query ClientConsent($id: ID!) {
    client(id: $id) {
      id
      locale
      consents { purpose granted source changedAt }
      undeliverableEmail { since reply }
    }
    me { organization { id defaultLocale consentTexts { locale text } } }
  }
`);

export const ConsentHistoryList = graphql(`
  query ClientConsentHistory($id: ID!, $after: String) {
    client(id: $id) {
      id
      consentHistory(first: 20, after: $after) {
        nodes { id purpose granted source proof actorType actorName createdAt }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

export const SetClientConsent = graphql(`
  mutation SetClientConsent($input: SetClientConsentInput!) {
    setClientConsent(input: $input) {
      event { id }
      userErrors { field code message }
    }
  }
`);

export const ClearUndeliverable = graphql(`
  mutation ClearUndeliverableEmail($input: ClearUndeliverableEmailInput!) {
    clearUndeliverableEmail(input: $input) { cleared userErrors { field code message } }
  }
`);
