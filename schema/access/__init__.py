"""The GraphQL surface of access: types, inputs, mutations and queries."""
