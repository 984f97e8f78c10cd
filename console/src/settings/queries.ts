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

export const WebhookEndpoints = graphql(`
  query WebhookEndpoints {
    webhookEndpoints {
      id
      url
      description
      enabled
      disabledReason
      failingSince
      events
      deliveries(first: 10) {
        nodes { id eventType status attempts responseCode lastError createdAt deliveredAt }
      }
    }
  }
`);

export const CreateWebhookEndpoint = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) { endpoint { id } secret userErrors { field code message } }
  }
`);

export const UpdateWebhookEndpoint = graphql(`
  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) { endpoint { id enabled } userErrors { field code message } }
  }
`);

export const DeleteWebhookEndpoint = graphql(`
  mutation DeleteWebhookEndpoint($input: WebhookEndpointIdInput!) {
    deleteWebhookEndpoint(input: $input) { endpoint { id } userErrors { field code message } }
  }
`);

export const RotateWebhookSecret = graphql(`
  mutation RotateWebhookSecret($input: WebhookEndpointIdInput!) {
    rotateWebhookSecret(input: $input) { secret userErrors { field code message } }
  }
`);

export const SendTestWebhook = graphql(`
  mutation SendTestWebhook($input: WebhookEndpointIdInput!) {
    sendTestWebhook(input: $input) { delivery { id status } userErrors { field code message } }
  }
`);

export const ReplayWebhookDeliveries = graphql(`
  mutation ReplayWebhookDeliveries($input: ReplayWebhookDeliveriesInput!) {
    replayWebhookDeliveries(input: $input) { queued userErrors { field code message } }
  }
`);

export const ConsentTexts = graphql(`
  query OrganizationConsentTexts {
    me { organization { id consentTexts { locale text } } }
  }
`);

export const SaveConsentTexts = graphql(`
  mutation SaveConsentTexts($input: UpdateOrganizationSettingsInput!) {
    updateOrganizationSettings(input: $input) {
      organization { id consentTexts { locale text } }
      userErrors { field code message }
    }
  }
`);

export const StaffUsers = graphql(`
  query StaffUsers {
    staffUsers { id name email role invitationPending }
  }
`);

export const InviteStaff = graphql(`
  mutation InviteStaff($input: InviteStaffInput!) {
    inviteStaff(input: $input) { staffUser { id } userErrors { field code message } }
  }
`);

export const ChangeStaffRole = graphql(`
  mutation ChangeStaffRole($input: ChangeStaffRoleInput!) {
    changeStaffRole(input: $input) { staffUser { id role } userErrors { field code message } }
  }
`);

export const DeactivateStaff = graphql(`
  mutation DeactivateStaff($input: DeactivateStaffInput!) {
    deactivateStaff(input: $input) { staffUser { id } userErrors { field code message } }
  }
`);

export const UpdateLevel = graphql(`
  mutation UpdateLevel($input: UpdateLevelInput!) {
    updateLevel(input: $input) { level { id name threshold } userErrors { field code message } }
  }
`);

export const DeleteLevel = graphql(`
  mutation DeleteLevel($input: DeleteLevelInput!) {
    deleteLevel(input: $input) { level { id } userErrors { field code message } }
  }
`);

export const RenameTag = graphql(`
  mutation RenameTag($input: RenameTagInput!) {
    renameTag(input: $input) { tag { id name } userErrors { field code message } }
  }
`);

export const DeleteTag = graphql(`
  mutation DeleteTag($input: DeleteTagInput!) {
    deleteTag(input: $input) { tag { id } clientsChanged userErrors { field code message } }
  }
`);
