import { graphql } from '../gql';

export const NotesList = graphql(`
  query ClientNotes($id: ID!, $after: String) {
    client(id: $id) {
      id
      notes(first: 20, after: $after) {
        nodes { id body authorName createdAt }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

export const PointsList = graphql(`
  query ClientPoints($id: ID!, $after: String) {
    client(id: $id) {
      id
      pointsHistory(first: 20, after: $after) {
        nodes { id amount balanceAfter reason source actorName expiresAt createdAt }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

export const PurchasesList = graphql(`
  query ClientPurchases($id: ID!, $after: String) {
    client(id: $id) {
      id
      purchases(first: 20, after: $after) {
        nodes { id description amount currency status valueDate pointsEarned }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

export const OrdersList = graphql(`
  query ClientOrders($id: ID!, $after: String) {
    client(id: $id) {
      id
      orders(first: 20, after: $after) {
        nodes { id externalId status total currency orderedAt items { name quantity unitPrice } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

export const GiftListsList = graphql(`
  query ClientGiftLists($id: ID!, $after: String) {
    client(id: $id) {
      id
      giftLists(first: 20, after: $after) {
        nodes { id name eventDate status items { name quantity link } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

export const BookingsList = graphql(`
  query ClientBookings($id: ID!, $after: String) {
    client(id: $id) {
      id
      bookings(first: 20, after: $after) {
        nodes { id activity startsAt status }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

export const MembershipsList = graphql(`
  query ClientMemberships($id: ID!, $after: String) {
    client(id: $id) {
      id
      memberships(first: 20, after: $after) {
        nodes { id name startsOn endsOn }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

export const GiftCardsList = graphql(`
  query ClientGiftCards($id: ID!, $after: String) {
    client(id: $id) {
      id
      giftCards(first: 20, after: $after) {
        nodes { id code amount currency expiresOn createdAt }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

export const ActivityList = graphql(`
  query ClientActivity($id: ID!, $after: String) {
    client(id: $id) {
      id
      activity(first: 20, after: $after) {
        nodes { id action actorName actorType createdAt changes { field oldValue newValue } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

export const NotificationsList = graphql(`
  query ClientNotifications($id: ID!, $after: String) {
    client(id: $id) {
      id
      notifications(first: 20, after: $after) {
        nodes { id type channel status skipReason toAddress attempts createdAt sentAt lastError }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);
