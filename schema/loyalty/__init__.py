"""The GraphQL surface of loyalty: types, inputs, mutations and queries."""
