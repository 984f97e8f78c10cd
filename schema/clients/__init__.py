"""The GraphQL surface of clients: types, inputs, mutations and queries."""
