import type { ClientCardQuery } from '../gql/graphql';

export type CardClient = NonNullable<ClientCardQuery['client']>;
