import { graphql } from '../gql';

export const ClientList = graphql(`
  query ClientList($filter: ClientFilterInput, $first: Int!, $after: String, $orderBy: ClientOrder!) {
    clients(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
      nodes {
        id
        firstName
        lastName
        email
        phone
        city
        points
        status
        registeredAt
        level { id name }
        tags { id name }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

// Asked apart from the rows so that a page never waits for its count (R6.5).
export const ClientCount = graphql(`
  query ClientCount($filter: ClientFilterInput, $exact: Boolean!) {
    clients(filter: $filter, first: 0) { count(exact: $exact) { value precision } }
  }
`);

export const TagNames = graphql(`
  query TagNames {
    tags { id name }
  }
`);

export const AddTags = graphql(`
  mutation AddTags($input: ChangeTagsInput!) {
    addTags(input: $input) { changed userErrors { field code message } }
  }
`);

export const RemoveTags = graphql(`
  mutation RemoveTags($input: ChangeTagsInput!) {
    removeTags(input: $input) { changed userErrors { field code message } }
  }
`);

export const CreateSegment = graphql(`
  mutation CreateSegment($input: CreateSegmentInput!) {
    createSegment(input: $input) { segment { id name } userErrors { field code message } }
  }
`);

export const UpdateSegmentFilter = graphql(`
  mutation UpdateSegmentFilter($input: UpdateSegmentInput!) {
    updateSegment(input: $input) { segment { id name } userErrors { field code message } }
  }
`);
