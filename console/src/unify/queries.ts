import { graphql } from '../gql';

export const MergePreview = graphql(`
  query MergePreview($input: UnifyClientsInput!) {
    clientMergePreview(input: $input) {
      values
      dropped
      newTags
      pointsMoved
      keepAccountOf
      status
      level { id name }
      shareCode
      account { email verified }
      changes
      warnings { field code message }
      blockers { field code message }
    }
  }
`);

export const Unify = graphql(`
  mutation UnifyClients($input: UnifyClientsInput!) {
    unifyClients(input: $input) {
      client { id email status account { email verified } }
      warnings { field code message }
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
