import { graphql } from '../gql';

export const MergePreview = graphql(`
  query MergePreview($input: UnifyClientsInput!) {
    clientMergePreview(input: $input) {
      values
      dropped
      newTags
      pointsMoved
      keepAccountOf
      blockers { field code message }
    }
  }
`);

export const Unify = graphql(`
  mutation UnifyClients($input: UnifyClientsInput!) {
    unifyClients(input: $input) {
      client { id email account { email verified } }
      userErrors { field code message }
    }
  }
`);

export const PickClient = graphql(`
  query PickClient($search: String!) {
    clients(filter: { search: $search }, first: 8) {
      nodes { id firstName lastName email phone city }
    }
  }
`);
