// The client list keeps its search, filter, order and page while the user opens a card and
// comes back: in memory only, so nothing personal goes into the address or browser storage.
import type { ClientOrder } from '../gql/graphql';
import { EMPTY_FILTER, type FilterState } from './filters';

export interface ListMemory {
  filter: FilterState;
  order: ClientOrder;
  cursors: (string | null)[];
  open: boolean;
  /** The saved segment whose filter the list was opened with, to save changes back to it. */
  segment: { id: string; name: string } | null;
}

let memory: ListMemory = { filter: EMPTY_FILTER, order: 'REGISTERED_AT_DESC', cursors: [null], open: false, segment: null };

export function recall(): ListMemory {
  return memory;
}

export function remember(change: Partial<ListMemory>): void {
  memory = { ...memory, ...change };
}

export function forget(): void {
  memory = { filter: EMPTY_FILTER, order: 'REGISTERED_AT_DESC', cursors: [null], open: false, segment: null };
}
