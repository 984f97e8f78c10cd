import { graphql } from '../gql';

export const ApiKeys = graphql(`
  query ApiKeys {
    apiKeys { id name prefix scopes createdAt lastUsedAt revokedAt }
  }
`);

export const CreateApiKey = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) { apiKey { id } secret userErrors { field code message } }
  }
`);

export const RevokeApiKey = graphql(`
  mutation RevokeApiKey($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) { apiKey { id revokedAt } userErrors { field code message } }
  }
`);

export const CreateLevel = graphql(`
  mutation CreateLevel($input: CreateLevelInput!) {
    createLevel(input: $input) { level { id } userErrors { field code message } }
  }
`);

export const SetFieldLabel = graphql(`
  mutation SetFieldLabel($input: SetFieldLabelInput!) {
    setFieldLabel(input: $input) { fieldLabel { field label } userErrors { field code message } }
  }
`);

export const UpdateOrgSettings = graphql(`
  mutation UpdateOrganizationSettings($input: UpdateOrganizationSettingsInput!) {
    updateOrganizationSettings(input: $input) { organization { id } userErrors { field code message } }
  }
`);
