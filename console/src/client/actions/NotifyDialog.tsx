import { NotifyDialog as Notify } from '../../notify/NotifyDialog';
import type { CardClient } from '../types';

export function NotifyDialog({ client, open, onClose, onChanged }: { client: CardClient; open: boolean; onClose: () => void; onChanged: () => void }) {
  return <Notify target={{ clientIds: [client.id] }} open={open} onClose={onClose} onChanged={onChanged} />;
}
