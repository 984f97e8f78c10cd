import { graphql } from '../gql';

export const ClientCardQuery = graphql(`
  query ClientCard($id: ID!) {
    client(id: $id) {
      id
      firstName
      lastName
      email
      phone
      identificationType
      identificationNumber
      externalId
      gender
      city
      birthday
      locale
      points
      registeredAt
      registrationCode
      shareCode
      text1
      text2
      text3
      text4
      text5
      int1
      int2
      int3
      int4
      int5
      date1
      date2
      status
      levelSetManually
      createdAt
      updatedAt
      mergedFrom
      mergedInto
      level { id name }
      tags { id name }
      account { id email firstName lastName verified verifiedAt emailNotifications inAppNotifications }
      referredBy { id firstName lastName }
    }
  }
`);

export const UpdateClient = graphql(`
  mutation UpdateClient($input: UpdateClientInput!) {
    updateClient(input: $input) {
      client { id }
      userErrors { field code message conflictingClientId }
    }
  }
`);

export const CreateClient = graphql(`
  mutation CreateClient($input: CreateClientInput!) {
    createClient(input: $input) {
      client { id }
      userErrors { field code message conflictingClientId }
    }
  }
`);

export const AddNote = graphql(`
  mutation AddNote($input: AddNoteInput!) {
    addNote(input: $input) { note { id } userErrors { field code message } }
  }
`);

export const AddPoints = graphql(`
  mutation AddPoints($input: AddPointsInput!) {
    addPoints(input: $input) { entry { id balanceAfter } userErrors { field code message } }
  }
`);

export const ChangeLevel = graphql(`
  mutation ChangeLevel($input: ChangeLevelInput!) {
    changeLevel(input: $input) { client { id } userErrors { field code message } }
  }
`);

export const AddClientTags = graphql(`
  mutation AddClientTags($input: ChangeTagsInput!) {
    addTags(input: $input) { changed userErrors { field code message } }
  }
`);

export const RemoveClientTags = graphql(`
  mutation RemoveClientTags($input: ChangeTagsInput!) {
    removeTags(input: $input) { changed userErrors { field code message } }
  }
`);

export const SendGift = graphql(`
  mutation SendGift($input: SendGiftInput!) {
    sendGift(input: $input) { client { id } userErrors { field code message } }
  }
`);

export const MigrateEmail = graphql(`
  mutation MigrateClientEmail($input: MigrateClientEmailInput!) {
    migrateClientEmail(input: $input) {
      client { id email account { email verified } }
      userErrors { field code message conflictingClientId }
    }
  }
`);

export const FixEmailAccess = graphql(`
  mutation FixEmailAccess($input: ClientAccessInput!) {
    fixEmailAccess(input: $input) { action userErrors { field code message } }
  }
`);

export const SendWelcome = graphql(`
  mutation SendWelcomeEmail($input: ClientAccessInput!) {
    sendWelcomeEmail(input: $input) { client { id } userErrors { field code message } }
  }
`);

export const SendSetupLink = graphql(`
  mutation SendPasswordSetupLink($input: ClientAccessInput!) {
    sendPasswordSetupLink(input: $input) { client { id } userErrors { field code message } }
  }
`);

export const AssignPassword = graphql(`
  mutation AssignPassword($input: AssignPasswordInput!) {
    assignPassword(input: $input) { client { id } userErrors { field code message } }
  }
`);

export const Notify = graphql(`
  mutation NotifyClient($input: SendNotificationInput!) {
    sendNotification(input: $input) {
      recipients
      queued
      delivered
      skipped { channel reason count }
      userErrors { field code message }
    }
  }
`);

export const Deactivate = graphql(`
  mutation DeactivateClient($input: ClientStatusInput!) {
    deactivateClient(input: $input) { client { id status } userErrors { field code message } }
  }
`);
export const Reactivate = graphql(`
  mutation ReactivateClient($input: ClientStatusInput!) {
    reactivateClient(input: $input) { client { id status } userErrors { field code message } }
  }
`);
export const Disable = graphql(`
  mutation DisableClient($input: ClientStatusInput!) {
    disableClient(input: $input) { client { id status } userErrors { field code message } }
  }
`);
export const Enable = graphql(`
  mutation EnableClient($input: ClientStatusInput!) {
    enableClient(input: $input) { client { id status } userErrors { field code message } }
  }
`);
export const DeletePermanently = graphql(`
  mutation DeleteClientPermanently($input: ClientStatusInput!) {
    deleteClientPermanently(input: $input) { client { id status } userErrors { field code message } }
  }
`);

export const LinkAccount = graphql(`
  mutation LinkClientAccount($input: ClientAccountLinkInput!) {
    linkClientAccount(input: $input) { client { id } userErrors { field code message } }
  }
`);

export const UnlinkAccount = graphql(`
  mutation UnlinkClientAccount($input: ClientAccountLinkInput!) {
    unlinkClientAccount(input: $input) { client { id } userErrors { field code message } }
  }
`);

export const VerificationReminder = graphql(`
  mutation SendVerificationReminder($input: SendVerificationReminderInput!) {
    sendVerificationReminder(input: $input) {
      recipients
      queued
      skipped { reason count }
      userErrors { field code message }
    }
  }
`);

export const EditNote = graphql(`
  mutation EditNote($input: EditNoteInput!) {
    editNote(input: $input) { note { id body } userErrors { field code message } }
  }
`);

export const DeleteNote = graphql(`
  mutation DeleteNote($input: DeleteNoteInput!) {
    deleteNote(input: $input) { note { id } userErrors { field code message } }
  }
`);
