import { graphql } from '../gql';

export const SegmentsList = graphql(`
  query Segments {
    segments { id name createdAt updatedAt }
  }
`);

export const SegmentDetail = graphql(`
  query SegmentDetail($id: ID!, $after: String) {
    segment(id: $id) {
      id
      name
      filter
      exportUrls
      members(first: 25, after: $after) {
        nodes { id firstName lastName email city points status }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

export const SegmentCount = graphql(`
  query SegmentCount($id: ID!, $exact: Boolean!) {
    segment(id: $id) { id members(first: 0) { count(exact: $exact) { value precision } } }
  }
`);

export const RenameSegment = graphql(`
  mutation RenameSegment($input: UpdateSegmentInput!) {
    updateSegment(input: $input) { segment { id name } userErrors { field code message } }
  }
`);

export const DeleteSegment = graphql(`
  mutation DeleteSegment($input: DeleteSegmentInput!) {
    deleteSegment(input: $input) { segment { id } userErrors { field code message } }
  }
`);
