"""The GraphQL surface of accounts: types, inputs, mutations and queries."""
