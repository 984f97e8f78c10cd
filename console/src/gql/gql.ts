/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Me {\n    me {\n      organization { id name slug defaultLocale country }\n      permissions\n      staffUser { id name email role }\n    }\n    fieldLabels { field label }\n    levels { id name threshold }\n  }\n": typeof types.MeDocument,
    "\n  mutation StaffLogout {\n    staffLogout { revoked userErrors { code } }\n  }\n": typeof types.StaffLogoutDocument,
    "\n  mutation StaffLogin($input: StaffLoginInput!) {\n    staffLogin(input: $input) {\n      token\n      expiresAt\n      userErrors { field code message }\n    }\n  }\n": typeof types.StaffLoginDocument,
    "\n  query ClientCard($id: ID!) {\n    client(id: $id) {\n      id\n      firstName\n      lastName\n      email\n      phone\n      identificationType\n      identificationNumber\n      externalId\n      gender\n      city\n      birthday\n      locale\n      points\n      registeredAt\n      registrationCode\n      shareCode\n      text1\n      text2\n      text3\n      text4\n      text5\n      int1\n      int2\n      int3\n      int4\n      int5\n      date1\n      date2\n      status\n      levelSetManually\n      createdAt\n      updatedAt\n      mergedFrom\n      mergedInto\n      level { id name }\n      tags { id name }\n      account { id email firstName lastName verified verifiedAt emailNotifications inAppNotifications }\n      referredBy { id firstName lastName }\n    }\n  }\n": typeof types.ClientCardDocument,
    "\n  mutation UpdateClient($input: UpdateClientInput!) {\n    updateClient(input: $input) {\n      client { id }\n      userErrors { field code message conflictingClientId }\n    }\n  }\n": typeof types.UpdateClientDocument,
    "\n  mutation CreateClient($input: CreateClientInput!) {\n    createClient(input: $input) {\n      client { id }\n      userErrors { field code message conflictingClientId }\n    }\n  }\n": typeof types.CreateClientDocument,
    "\n  mutation AddNote($input: AddNoteInput!) {\n    addNote(input: $input) { note { id } userErrors { field code message } }\n  }\n": typeof types.AddNoteDocument,
    "\n  mutation AddPoints($input: AddPointsInput!) {\n    addPoints(input: $input) { entry { id balanceAfter } userErrors { field code message } }\n  }\n": typeof types.AddPointsDocument,
    "\n  mutation ChangeLevel($input: ChangeLevelInput!) {\n    changeLevel(input: $input) { client { id } userErrors { field code message } }\n  }\n": typeof types.ChangeLevelDocument,
    "\n  mutation AddClientTags($input: ChangeTagsInput!) {\n    addTags(input: $input) { changed userErrors { field code message } }\n  }\n": typeof types.AddClientTagsDocument,
    "\n  mutation RemoveClientTags($input: ChangeTagsInput!) {\n    removeTags(input: $input) { changed userErrors { field code message } }\n  }\n": typeof types.RemoveClientTagsDocument,
    "\n  mutation SendGift($input: SendGiftInput!) {\n    sendGift(input: $input) { client { id } userErrors { field code message } }\n  }\n": typeof types.SendGiftDocument,
    "\n  mutation MigrateClientEmail($input: MigrateClientEmailInput!) {\n    migrateClientEmail(input: $input) {\n      client { id email account { email verified } }\n      userErrors { field code message conflictingClientId }\n    }\n  }\n": typeof types.MigrateClientEmailDocument,
    "\n  mutation FixEmailAccess($input: ClientAccessInput!) {\n    fixEmailAccess(input: $input) { action userErrors { field code message } }\n  }\n": typeof types.FixEmailAccessDocument,
    "\n  mutation SendWelcomeEmail($input: ClientAccessInput!) {\n    sendWelcomeEmail(input: $input) { client { id } userErrors { field code message } }\n  }\n": typeof types.SendWelcomeEmailDocument,
    "\n  mutation SendPasswordSetupLink($input: ClientAccessInput!) {\n    sendPasswordSetupLink(input: $input) { client { id } userErrors { field code message } }\n  }\n": typeof types.SendPasswordSetupLinkDocument,
    "\n  mutation AssignPassword($input: AssignPasswordInput!) {\n    assignPassword(input: $input) { client { id } userErrors { field code message } }\n  }\n": typeof types.AssignPasswordDocument,
    "\n  mutation NotifyClient($input: SendNotificationInput!) {\n    sendNotification(input: $input) {\n      recipients\n      queued\n      delivered\n      skipped { channel reason count }\n      userErrors { field code message }\n    }\n  }\n": typeof types.NotifyClientDocument,
    "\n  mutation DeactivateClient($input: ClientStatusInput!) {\n    deactivateClient(input: $input) { client { id status } userErrors { field code message } }\n  }\n": typeof types.DeactivateClientDocument,
    "\n  mutation ReactivateClient($input: ClientStatusInput!) {\n    reactivateClient(input: $input) { client { id status } userErrors { field code message } }\n  }\n": typeof types.ReactivateClientDocument,
    "\n  mutation DisableClient($input: ClientStatusInput!) {\n    disableClient(input: $input) { client { id status } userErrors { field code message } }\n  }\n": typeof types.DisableClientDocument,
    "\n  mutation EnableClient($input: ClientStatusInput!) {\n    enableClient(input: $input) { client { id status } userErrors { field code message } }\n  }\n": typeof types.EnableClientDocument,
    "\n  mutation DeleteClientPermanently($input: ClientStatusInput!) {\n    deleteClientPermanently(input: $input) { client { id status } userErrors { field code message } }\n  }\n": typeof types.DeleteClientPermanentlyDocument,
    "\n  query ClientNotes($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      notes(first: 20, after: $after) {\n        nodes { id body authorName createdAt }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.ClientNotesDocument,
    "\n  query ClientPoints($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      pointsHistory(first: 20, after: $after) {\n        nodes { id amount balanceAfter reason source actorName expiresAt createdAt }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.ClientPointsDocument,
    "\n  query ClientPurchases($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      purchases(first: 20, after: $after) {\n        nodes { id description amount currency status valueDate pointsEarned }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.ClientPurchasesDocument,
    "\n  query ClientOrders($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      orders(first: 20, after: $after) {\n        nodes { id externalId status total currency orderedAt items { name quantity unitPrice } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.ClientOrdersDocument,
    "\n  query ClientGiftLists($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      giftLists(first: 20, after: $after) {\n        nodes { id name eventDate status items { name quantity link } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.ClientGiftListsDocument,
    "\n  query ClientBookings($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      bookings(first: 20, after: $after) {\n        nodes { id activity startsAt status }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.ClientBookingsDocument,
    "\n  query ClientMemberships($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      memberships(first: 20, after: $after) {\n        nodes { id name startsOn endsOn }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.ClientMembershipsDocument,
    "\n  query ClientGiftCards($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      giftCards(first: 20, after: $after) {\n        nodes { id code amount currency expiresOn createdAt }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.ClientGiftCardsDocument,
    "\n  query ClientActivity($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      activity(first: 20, after: $after) {\n        nodes { id action actorName actorType createdAt changes { field oldValue newValue } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.ClientActivityDocument,
    "\n  query ClientNotifications($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      notifications(first: 20, after: $after) {\n        nodes { id type channel status skipReason toAddress attempts createdAt sentAt lastError }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.ClientNotificationsDocument,
    "\n  query ClientList($filter: ClientFilterInput, $first: Int!, $after: String, $orderBy: ClientOrder!) {\n    clients(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n      nodes {\n        id\n        firstName\n        lastName\n        email\n        phone\n        city\n        points\n        status\n        registeredAt\n        level { id name }\n        tags { id name }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ClientListDocument,
    "\n  query ClientCount($filter: ClientFilterInput) {\n    clients(filter: $filter, first: 0) { totalCount }\n  }\n": typeof types.ClientCountDocument,
    "\n  query TagNames {\n    tags { id name }\n  }\n": typeof types.TagNamesDocument,
    "\n  mutation AddTags($input: ChangeTagsInput!) {\n    addTags(input: $input) { changed userErrors { field code message } }\n  }\n": typeof types.AddTagsDocument,
    "\n  mutation RemoveTags($input: ChangeTagsInput!) {\n    removeTags(input: $input) { changed userErrors { field code message } }\n  }\n": typeof types.RemoveTagsDocument,
    "\n  mutation CreateSegment($input: CreateSegmentInput!) {\n    createSegment(input: $input) { segment { id name } userErrors { field code message } }\n  }\n": typeof types.CreateSegmentDocument,
    "\n  query Segments {\n    segments { id name createdAt updatedAt }\n  }\n": typeof types.SegmentsDocument,
    "\n  query SegmentDetail($id: ID!, $after: String) {\n    segment(id: $id) {\n      id\n      name\n      filter\n      exportUrls\n      members(first: 25, after: $after) {\n        nodes { id firstName lastName email city points status }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.SegmentDetailDocument,
    "\n  query SegmentCount($id: ID!) {\n    segment(id: $id) { id count }\n  }\n": typeof types.SegmentCountDocument,
    "\n  mutation RenameSegment($input: UpdateSegmentInput!) {\n    updateSegment(input: $input) { segment { id name } userErrors { field code message } }\n  }\n": typeof types.RenameSegmentDocument,
    "\n  mutation DeleteSegment($input: DeleteSegmentInput!) {\n    deleteSegment(input: $input) { segment { id } userErrors { field code message } }\n  }\n": typeof types.DeleteSegmentDocument,
    "\n  query ApiKeys {\n    apiKeys { id name prefix scopes createdAt lastUsedAt revokedAt }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { apiKey { id } secret userErrors { field code message } }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) { apiKey { id revokedAt } userErrors { field code message } }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  mutation CreateLevel($input: CreateLevelInput!) {\n    createLevel(input: $input) { level { id } userErrors { field code message } }\n  }\n": typeof types.CreateLevelDocument,
    "\n  mutation SetFieldLabel($input: SetFieldLabelInput!) {\n    setFieldLabel(input: $input) { fieldLabel { field label } userErrors { field code message } }\n  }\n": typeof types.SetFieldLabelDocument,
    "\n  mutation UpdateOrganizationSettings($input: UpdateOrganizationSettingsInput!) {\n    updateOrganizationSettings(input: $input) { organization { id } userErrors { field code message } }\n  }\n": typeof types.UpdateOrganizationSettingsDocument,
    "\n  query MergePreview($input: UnifyClientsInput!) {\n    clientMergePreview(input: $input) {\n      values\n      dropped\n      newTags\n      pointsMoved\n      keepAccountOf\n      blockers { field code message }\n    }\n  }\n": typeof types.MergePreviewDocument,
    "\n  mutation UnifyClients($input: UnifyClientsInput!) {\n    unifyClients(input: $input) {\n      client { id email account { email verified } }\n      userErrors { field code message }\n    }\n  }\n": typeof types.UnifyClientsDocument,
    "\n  query PickClient($search: String!) {\n    clients(filter: { search: $search }, first: 8) {\n      nodes { id firstName lastName email phone city }\n    }\n  }\n": typeof types.PickClientDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      organization { id name slug defaultLocale country }\n      permissions\n      staffUser { id name email role }\n    }\n    fieldLabels { field label }\n    levels { id name threshold }\n  }\n": types.MeDocument,
    "\n  mutation StaffLogout {\n    staffLogout { revoked userErrors { code } }\n  }\n": types.StaffLogoutDocument,
    "\n  mutation StaffLogin($input: StaffLoginInput!) {\n    staffLogin(input: $input) {\n      token\n      expiresAt\n      userErrors { field code message }\n    }\n  }\n": types.StaffLoginDocument,
    "\n  query ClientCard($id: ID!) {\n    client(id: $id) {\n      id\n      firstName\n      lastName\n      email\n      phone\n      identificationType\n      identificationNumber\n      externalId\n      gender\n      city\n      birthday\n      locale\n      points\n      registeredAt\n      registrationCode\n      shareCode\n      text1\n      text2\n      text3\n      text4\n      text5\n      int1\n      int2\n      int3\n      int4\n      int5\n      date1\n      date2\n      status\n      levelSetManually\n      createdAt\n      updatedAt\n      mergedFrom\n      mergedInto\n      level { id name }\n      tags { id name }\n      account { id email firstName lastName verified verifiedAt emailNotifications inAppNotifications }\n      referredBy { id firstName lastName }\n    }\n  }\n": types.ClientCardDocument,
    "\n  mutation UpdateClient($input: UpdateClientInput!) {\n    updateClient(input: $input) {\n      client { id }\n      userErrors { field code message conflictingClientId }\n    }\n  }\n": types.UpdateClientDocument,
    "\n  mutation CreateClient($input: CreateClientInput!) {\n    createClient(input: $input) {\n      client { id }\n      userErrors { field code message conflictingClientId }\n    }\n  }\n": types.CreateClientDocument,
    "\n  mutation AddNote($input: AddNoteInput!) {\n    addNote(input: $input) { note { id } userErrors { field code message } }\n  }\n": types.AddNoteDocument,
    "\n  mutation AddPoints($input: AddPointsInput!) {\n    addPoints(input: $input) { entry { id balanceAfter } userErrors { field code message } }\n  }\n": types.AddPointsDocument,
    "\n  mutation ChangeLevel($input: ChangeLevelInput!) {\n    changeLevel(input: $input) { client { id } userErrors { field code message } }\n  }\n": types.ChangeLevelDocument,
    "\n  mutation AddClientTags($input: ChangeTagsInput!) {\n    addTags(input: $input) { changed userErrors { field code message } }\n  }\n": types.AddClientTagsDocument,
    "\n  mutation RemoveClientTags($input: ChangeTagsInput!) {\n    removeTags(input: $input) { changed userErrors { field code message } }\n  }\n": types.RemoveClientTagsDocument,
    "\n  mutation SendGift($input: SendGiftInput!) {\n    sendGift(input: $input) { client { id } userErrors { field code message } }\n  }\n": types.SendGiftDocument,
    "\n  mutation MigrateClientEmail($input: MigrateClientEmailInput!) {\n    migrateClientEmail(input: $input) {\n      client { id email account { email verified } }\n      userErrors { field code message conflictingClientId }\n    }\n  }\n": types.MigrateClientEmailDocument,
    "\n  mutation FixEmailAccess($input: ClientAccessInput!) {\n    fixEmailAccess(input: $input) { action userErrors { field code message } }\n  }\n": types.FixEmailAccessDocument,
    "\n  mutation SendWelcomeEmail($input: ClientAccessInput!) {\n    sendWelcomeEmail(input: $input) { client { id } userErrors { field code message } }\n  }\n": types.SendWelcomeEmailDocument,
    "\n  mutation SendPasswordSetupLink($input: ClientAccessInput!) {\n    sendPasswordSetupLink(input: $input) { client { id } userErrors { field code message } }\n  }\n": types.SendPasswordSetupLinkDocument,
    "\n  mutation AssignPassword($input: AssignPasswordInput!) {\n    assignPassword(input: $input) { client { id } userErrors { field code message } }\n  }\n": types.AssignPasswordDocument,
    "\n  mutation NotifyClient($input: SendNotificationInput!) {\n    sendNotification(input: $input) {\n      recipients\n      queued\n      delivered\n      skipped { channel reason count }\n      userErrors { field code message }\n    }\n  }\n": types.NotifyClientDocument,
    "\n  mutation DeactivateClient($input: ClientStatusInput!) {\n    deactivateClient(input: $input) { client { id status } userErrors { field code message } }\n  }\n": types.DeactivateClientDocument,
    "\n  mutation ReactivateClient($input: ClientStatusInput!) {\n    reactivateClient(input: $input) { client { id status } userErrors { field code message } }\n  }\n": types.ReactivateClientDocument,
    "\n  mutation DisableClient($input: ClientStatusInput!) {\n    disableClient(input: $input) { client { id status } userErrors { field code message } }\n  }\n": types.DisableClientDocument,
    "\n  mutation EnableClient($input: ClientStatusInput!) {\n    enableClient(input: $input) { client { id status } userErrors { field code message } }\n  }\n": types.EnableClientDocument,
    "\n  mutation DeleteClientPermanently($input: ClientStatusInput!) {\n    deleteClientPermanently(input: $input) { client { id status } userErrors { field code message } }\n  }\n": types.DeleteClientPermanentlyDocument,
    "\n  query ClientNotes($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      notes(first: 20, after: $after) {\n        nodes { id body authorName createdAt }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.ClientNotesDocument,
    "\n  query ClientPoints($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      pointsHistory(first: 20, after: $after) {\n        nodes { id amount balanceAfter reason source actorName expiresAt createdAt }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.ClientPointsDocument,
    "\n  query ClientPurchases($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      purchases(first: 20, after: $after) {\n        nodes { id description amount currency status valueDate pointsEarned }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.ClientPurchasesDocument,
    "\n  query ClientOrders($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      orders(first: 20, after: $after) {\n        nodes { id externalId status total currency orderedAt items { name quantity unitPrice } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.ClientOrdersDocument,
    "\n  query ClientGiftLists($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      giftLists(first: 20, after: $after) {\n        nodes { id name eventDate status items { name quantity link } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.ClientGiftListsDocument,
    "\n  query ClientBookings($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      bookings(first: 20, after: $after) {\n        nodes { id activity startsAt status }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.ClientBookingsDocument,
    "\n  query ClientMemberships($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      memberships(first: 20, after: $after) {\n        nodes { id name startsOn endsOn }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.ClientMembershipsDocument,
    "\n  query ClientGiftCards($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      giftCards(first: 20, after: $after) {\n        nodes { id code amount currency expiresOn createdAt }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.ClientGiftCardsDocument,
    "\n  query ClientActivity($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      activity(first: 20, after: $after) {\n        nodes { id action actorName actorType createdAt changes { field oldValue newValue } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.ClientActivityDocument,
    "\n  query ClientNotifications($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      notifications(first: 20, after: $after) {\n        nodes { id type channel status skipReason toAddress attempts createdAt sentAt lastError }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.ClientNotificationsDocument,
    "\n  query ClientList($filter: ClientFilterInput, $first: Int!, $after: String, $orderBy: ClientOrder!) {\n    clients(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n      nodes {\n        id\n        firstName\n        lastName\n        email\n        phone\n        city\n        points\n        status\n        registeredAt\n        level { id name }\n        tags { id name }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ClientListDocument,
    "\n  query ClientCount($filter: ClientFilterInput) {\n    clients(filter: $filter, first: 0) { totalCount }\n  }\n": types.ClientCountDocument,
    "\n  query TagNames {\n    tags { id name }\n  }\n": types.TagNamesDocument,
    "\n  mutation AddTags($input: ChangeTagsInput!) {\n    addTags(input: $input) { changed userErrors { field code message } }\n  }\n": types.AddTagsDocument,
    "\n  mutation RemoveTags($input: ChangeTagsInput!) {\n    removeTags(input: $input) { changed userErrors { field code message } }\n  }\n": types.RemoveTagsDocument,
    "\n  mutation CreateSegment($input: CreateSegmentInput!) {\n    createSegment(input: $input) { segment { id name } userErrors { field code message } }\n  }\n": types.CreateSegmentDocument,
    "\n  query Segments {\n    segments { id name createdAt updatedAt }\n  }\n": types.SegmentsDocument,
    "\n  query SegmentDetail($id: ID!, $after: String) {\n    segment(id: $id) {\n      id\n      name\n      filter\n      exportUrls\n      members(first: 25, after: $after) {\n        nodes { id firstName lastName email city points status }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.SegmentDetailDocument,
    "\n  query SegmentCount($id: ID!) {\n    segment(id: $id) { id count }\n  }\n": types.SegmentCountDocument,
    "\n  mutation RenameSegment($input: UpdateSegmentInput!) {\n    updateSegment(input: $input) { segment { id name } userErrors { field code message } }\n  }\n": types.RenameSegmentDocument,
    "\n  mutation DeleteSegment($input: DeleteSegmentInput!) {\n    deleteSegment(input: $input) { segment { id } userErrors { field code message } }\n  }\n": types.DeleteSegmentDocument,
    "\n  query ApiKeys {\n    apiKeys { id name prefix scopes createdAt lastUsedAt revokedAt }\n  }\n": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { apiKey { id } secret userErrors { field code message } }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) { apiKey { id revokedAt } userErrors { field code message } }\n  }\n": types.RevokeApiKeyDocument,
    "\n  mutation CreateLevel($input: CreateLevelInput!) {\n    createLevel(input: $input) { level { id } userErrors { field code message } }\n  }\n": types.CreateLevelDocument,
    "\n  mutation SetFieldLabel($input: SetFieldLabelInput!) {\n    setFieldLabel(input: $input) { fieldLabel { field label } userErrors { field code message } }\n  }\n": types.SetFieldLabelDocument,
    "\n  mutation UpdateOrganizationSettings($input: UpdateOrganizationSettingsInput!) {\n    updateOrganizationSettings(input: $input) { organization { id } userErrors { field code message } }\n  }\n": types.UpdateOrganizationSettingsDocument,
    "\n  query MergePreview($input: UnifyClientsInput!) {\n    clientMergePreview(input: $input) {\n      values\n      dropped\n      newTags\n      pointsMoved\n      keepAccountOf\n      blockers { field code message }\n    }\n  }\n": types.MergePreviewDocument,
    "\n  mutation UnifyClients($input: UnifyClientsInput!) {\n    unifyClients(input: $input) {\n      client { id email account { email verified } }\n      userErrors { field code message }\n    }\n  }\n": types.UnifyClientsDocument,
    "\n  query PickClient($search: String!) {\n    clients(filter: { search: $search }, first: 8) {\n      nodes { id firstName lastName email phone city }\n    }\n  }\n": types.PickClientDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      organization { id name slug defaultLocale country }\n      permissions\n      staffUser { id name email role }\n    }\n    fieldLabels { field label }\n    levels { id name threshold }\n  }\n"): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StaffLogout {\n    staffLogout { revoked userErrors { code } }\n  }\n"): typeof import('./graphql').StaffLogoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StaffLogin($input: StaffLoginInput!) {\n    staffLogin(input: $input) {\n      token\n      expiresAt\n      userErrors { field code message }\n    }\n  }\n"): typeof import('./graphql').StaffLoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientCard($id: ID!) {\n    client(id: $id) {\n      id\n      firstName\n      lastName\n      email\n      phone\n      identificationType\n      identificationNumber\n      externalId\n      gender\n      city\n      birthday\n      locale\n      points\n      registeredAt\n      registrationCode\n      shareCode\n      text1\n      text2\n      text3\n      text4\n      text5\n      int1\n      int2\n      int3\n      int4\n      int5\n      date1\n      date2\n      status\n      levelSetManually\n      createdAt\n      updatedAt\n      mergedFrom\n      mergedInto\n      level { id name }\n      tags { id name }\n      account { id email firstName lastName verified verifiedAt emailNotifications inAppNotifications }\n      referredBy { id firstName lastName }\n    }\n  }\n"): typeof import('./graphql').ClientCardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateClient($input: UpdateClientInput!) {\n    updateClient(input: $input) {\n      client { id }\n      userErrors { field code message conflictingClientId }\n    }\n  }\n"): typeof import('./graphql').UpdateClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateClient($input: CreateClientInput!) {\n    createClient(input: $input) {\n      client { id }\n      userErrors { field code message conflictingClientId }\n    }\n  }\n"): typeof import('./graphql').CreateClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddNote($input: AddNoteInput!) {\n    addNote(input: $input) { note { id } userErrors { field code message } }\n  }\n"): typeof import('./graphql').AddNoteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddPoints($input: AddPointsInput!) {\n    addPoints(input: $input) { entry { id balanceAfter } userErrors { field code message } }\n  }\n"): typeof import('./graphql').AddPointsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeLevel($input: ChangeLevelInput!) {\n    changeLevel(input: $input) { client { id } userErrors { field code message } }\n  }\n"): typeof import('./graphql').ChangeLevelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddClientTags($input: ChangeTagsInput!) {\n    addTags(input: $input) { changed userErrors { field code message } }\n  }\n"): typeof import('./graphql').AddClientTagsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveClientTags($input: ChangeTagsInput!) {\n    removeTags(input: $input) { changed userErrors { field code message } }\n  }\n"): typeof import('./graphql').RemoveClientTagsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendGift($input: SendGiftInput!) {\n    sendGift(input: $input) { client { id } userErrors { field code message } }\n  }\n"): typeof import('./graphql').SendGiftDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MigrateClientEmail($input: MigrateClientEmailInput!) {\n    migrateClientEmail(input: $input) {\n      client { id email account { email verified } }\n      userErrors { field code message conflictingClientId }\n    }\n  }\n"): typeof import('./graphql').MigrateClientEmailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FixEmailAccess($input: ClientAccessInput!) {\n    fixEmailAccess(input: $input) { action userErrors { field code message } }\n  }\n"): typeof import('./graphql').FixEmailAccessDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendWelcomeEmail($input: ClientAccessInput!) {\n    sendWelcomeEmail(input: $input) { client { id } userErrors { field code message } }\n  }\n"): typeof import('./graphql').SendWelcomeEmailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendPasswordSetupLink($input: ClientAccessInput!) {\n    sendPasswordSetupLink(input: $input) { client { id } userErrors { field code message } }\n  }\n"): typeof import('./graphql').SendPasswordSetupLinkDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignPassword($input: AssignPasswordInput!) {\n    assignPassword(input: $input) { client { id } userErrors { field code message } }\n  }\n"): typeof import('./graphql').AssignPasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation NotifyClient($input: SendNotificationInput!) {\n    sendNotification(input: $input) {\n      recipients\n      queued\n      delivered\n      skipped { channel reason count }\n      userErrors { field code message }\n    }\n  }\n"): typeof import('./graphql').NotifyClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeactivateClient($input: ClientStatusInput!) {\n    deactivateClient(input: $input) { client { id status } userErrors { field code message } }\n  }\n"): typeof import('./graphql').DeactivateClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReactivateClient($input: ClientStatusInput!) {\n    reactivateClient(input: $input) { client { id status } userErrors { field code message } }\n  }\n"): typeof import('./graphql').ReactivateClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableClient($input: ClientStatusInput!) {\n    disableClient(input: $input) { client { id status } userErrors { field code message } }\n  }\n"): typeof import('./graphql').DisableClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnableClient($input: ClientStatusInput!) {\n    enableClient(input: $input) { client { id status } userErrors { field code message } }\n  }\n"): typeof import('./graphql').EnableClientDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteClientPermanently($input: ClientStatusInput!) {\n    deleteClientPermanently(input: $input) { client { id status } userErrors { field code message } }\n  }\n"): typeof import('./graphql').DeleteClientPermanentlyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientNotes($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      notes(first: 20, after: $after) {\n        nodes { id body authorName createdAt }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): typeof import('./graphql').ClientNotesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientPoints($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      pointsHistory(first: 20, after: $after) {\n        nodes { id amount balanceAfter reason source actorName expiresAt createdAt }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): typeof import('./graphql').ClientPointsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientPurchases($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      purchases(first: 20, after: $after) {\n        nodes { id description amount currency status valueDate pointsEarned }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): typeof import('./graphql').ClientPurchasesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientOrders($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      orders(first: 20, after: $after) {\n        nodes { id externalId status total currency orderedAt items { name quantity unitPrice } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): typeof import('./graphql').ClientOrdersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientGiftLists($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      giftLists(first: 20, after: $after) {\n        nodes { id name eventDate status items { name quantity link } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): typeof import('./graphql').ClientGiftListsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientBookings($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      bookings(first: 20, after: $after) {\n        nodes { id activity startsAt status }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): typeof import('./graphql').ClientBookingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientMemberships($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      memberships(first: 20, after: $after) {\n        nodes { id name startsOn endsOn }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): typeof import('./graphql').ClientMembershipsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientGiftCards($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      giftCards(first: 20, after: $after) {\n        nodes { id code amount currency expiresOn createdAt }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): typeof import('./graphql').ClientGiftCardsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientActivity($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      activity(first: 20, after: $after) {\n        nodes { id action actorName actorType createdAt changes { field oldValue newValue } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): typeof import('./graphql').ClientActivityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientNotifications($id: ID!, $after: String) {\n    client(id: $id) {\n      id\n      notifications(first: 20, after: $after) {\n        nodes { id type channel status skipReason toAddress attempts createdAt sentAt lastError }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): typeof import('./graphql').ClientNotificationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientList($filter: ClientFilterInput, $first: Int!, $after: String, $orderBy: ClientOrder!) {\n    clients(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {\n      nodes {\n        id\n        firstName\n        lastName\n        email\n        phone\n        city\n        points\n        status\n        registeredAt\n        level { id name }\n        tags { id name }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').ClientListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientCount($filter: ClientFilterInput) {\n    clients(filter: $filter, first: 0) { totalCount }\n  }\n"): typeof import('./graphql').ClientCountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TagNames {\n    tags { id name }\n  }\n"): typeof import('./graphql').TagNamesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddTags($input: ChangeTagsInput!) {\n    addTags(input: $input) { changed userErrors { field code message } }\n  }\n"): typeof import('./graphql').AddTagsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveTags($input: ChangeTagsInput!) {\n    removeTags(input: $input) { changed userErrors { field code message } }\n  }\n"): typeof import('./graphql').RemoveTagsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSegment($input: CreateSegmentInput!) {\n    createSegment(input: $input) { segment { id name } userErrors { field code message } }\n  }\n"): typeof import('./graphql').CreateSegmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Segments {\n    segments { id name createdAt updatedAt }\n  }\n"): typeof import('./graphql').SegmentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SegmentDetail($id: ID!, $after: String) {\n    segment(id: $id) {\n      id\n      name\n      filter\n      exportUrls\n      members(first: 25, after: $after) {\n        nodes { id firstName lastName email city points status }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): typeof import('./graphql').SegmentDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SegmentCount($id: ID!) {\n    segment(id: $id) { id count }\n  }\n"): typeof import('./graphql').SegmentCountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenameSegment($input: UpdateSegmentInput!) {\n    updateSegment(input: $input) { segment { id name } userErrors { field code message } }\n  }\n"): typeof import('./graphql').RenameSegmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSegment($input: DeleteSegmentInput!) {\n    deleteSegment(input: $input) { segment { id } userErrors { field code message } }\n  }\n"): typeof import('./graphql').DeleteSegmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys {\n    apiKeys { id name prefix scopes createdAt lastUsedAt revokedAt }\n  }\n"): typeof import('./graphql').ApiKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { apiKey { id } secret userErrors { field code message } }\n  }\n"): typeof import('./graphql').CreateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) { apiKey { id revokedAt } userErrors { field code message } }\n  }\n"): typeof import('./graphql').RevokeApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateLevel($input: CreateLevelInput!) {\n    createLevel(input: $input) { level { id } userErrors { field code message } }\n  }\n"): typeof import('./graphql').CreateLevelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetFieldLabel($input: SetFieldLabelInput!) {\n    setFieldLabel(input: $input) { fieldLabel { field label } userErrors { field code message } }\n  }\n"): typeof import('./graphql').SetFieldLabelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateOrganizationSettings($input: UpdateOrganizationSettingsInput!) {\n    updateOrganizationSettings(input: $input) { organization { id } userErrors { field code message } }\n  }\n"): typeof import('./graphql').UpdateOrganizationSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MergePreview($input: UnifyClientsInput!) {\n    clientMergePreview(input: $input) {\n      values\n      dropped\n      newTags\n      pointsMoved\n      keepAccountOf\n      blockers { field code message }\n    }\n  }\n"): typeof import('./graphql').MergePreviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnifyClients($input: UnifyClientsInput!) {\n    unifyClients(input: $input) {\n      client { id email account { email verified } }\n      userErrors { field code message }\n    }\n  }\n"): typeof import('./graphql').UnifyClientsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PickClient($search: String!) {\n    clients(filter: { search: $search }, first: 8) {\n      nodes { id firstName lastName email phone city }\n    }\n  }\n"): typeof import('./graphql').PickClientDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
