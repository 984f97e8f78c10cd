import { useState } from 'react';
import { ConsentHistoryList } from '../consent/queries';
import { useSignedIn } from '../auth/Session';
import { useI18n } from '../i18n/I18n';
import type { MessageKey } from '../i18n/en';
import {
  ActivityList,
  BookingsList,
  GiftCardsList,
  GiftListsList,
  MembershipsList,
  NotesList,
  NotificationsList,
  OrdersList,
  PointsList,
  PurchasesList,
} from './related';
import { NoteActions } from './NoteActions';
import { RelatedList } from './RelatedList';

const TABS = [
  'notes', 'points', 'purchases', 'orders', 'giftLists', 'bookings', 'memberships', 'giftCards', 'activity', 'notifications', 'consent',
] as const;
type Tab = (typeof TABS)[number];

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function RelatedTabs({ clientId, version, live, onChanged }: { clientId: string; version: number; live: boolean; onChanged: () => void }) {
  const i18n = useI18n();
  const { t, date, dateTime, number } = i18n;
  const [tab, setTab] = useState<Tab>('notes');
  const money = (amount: string, currency: string) => {
    try {
      return new Intl.NumberFormat(i18n.lang, { style: 'currency', currency }).format(Number(amount));
    } catch {
      return `${amount} ${currency}`;
    }
  };
  const common = { clientId, version };
  const { can } = useSignedIn();
  // Authors correct their own notes, admins anyone's (R9.3); the API decides which.
  const notesEditable = can('NOTES_WRITE') && live;

  const panel = () => {
    switch (tab) {
      case 'notes':
        return <RelatedList {...common} testId="list-notes" document={NotesList} pick={(d) => d.client?.notes}
          headers={notesEditable ? [t('col.date'), t('col.author'), t('col.note'), t('card.actions')] : [t('col.date'), t('col.author'), t('col.note')]}
          row={(n) => {
            const cells = [dateTime(n.createdAt), n.authorName, <span className="prewrap">{n.body}</span>];
            return notesEditable ? [...cells, <NoteActions note={n} onChanged={onChanged} />] : cells;
          }} />;
      case 'points':
        return <RelatedList {...common} testId="list-points" document={PointsList} pick={(d) => d.client?.pointsHistory}
          headers={[t('col.date'), t('col.amount'), t('col.balance'), t('col.reason'), t('col.source'), t('col.author'), t('col.expires')]}
          row={(p) => [dateTime(p.createdAt), (p.amount > 0 ? '+' : '') + number(p.amount), number(p.balanceAfter), p.reason, t(`pointsSource.${p.source}`), p.actorName, dateTime(p.expiresAt)]} />;
      case 'purchases':
        return <RelatedList {...common} testId="list-purchases" document={PurchasesList} pick={(d) => d.client?.purchases}
          headers={[t('col.date'), t('col.description'), t('col.amount'), t('col.status'), t('col.pointsEarned')]}
          row={(p) => [date(p.valueDate), p.description, money(p.amount, p.currency), t(`purchaseStatus.${p.status}`), number(p.pointsEarned)]} />;
      case 'orders':
        return <RelatedList {...common} testId="list-orders" document={OrdersList} pick={(d) => d.client?.orders}
          headers={[t('col.date'), t('col.reference'), t('col.total'), t('col.status'), t('col.items')]}
          row={(o) => [dateTime(o.orderedAt), show(o.externalId), money(o.total, o.currency), t(`orderStatus.${o.status}`), o.items.map((i) => `${i.quantity}× ${i.name}`).join(', ')]} />;
      case 'giftLists':
        return <RelatedList {...common} testId="list-giftlists" document={GiftListsList} pick={(d) => d.client?.giftLists}
          headers={[t('col.name'), t('col.eventDate'), t('col.status'), t('col.items')]}
          row={(g) => [g.name, date(g.eventDate), t(`giftListStatus.${g.status}`), g.items.map((i) => `${i.quantity}× ${i.name}`).join(', ')]} />;
      case 'bookings':
        return <RelatedList {...common} testId="list-bookings" document={BookingsList} pick={(d) => d.client?.bookings}
          headers={[t('col.startsAt'), t('col.activity'), t('col.status')]}
          row={(b) => [dateTime(b.startsAt), b.activity, t(`bookingStatus.${b.status}`)]} />;
      case 'memberships':
        return <RelatedList {...common} testId="list-memberships" document={MembershipsList} pick={(d) => d.client?.memberships}
          headers={[t('col.name'), t('col.startsOn'), t('col.endsOn')]}
          row={(m) => [m.name, date(m.startsOn), date(m.endsOn)]} />;
      case 'giftCards':
        return <RelatedList {...common} testId="list-giftcards" document={GiftCardsList} pick={(d) => d.client?.giftCards}
          headers={[t('col.code'), t('col.amount'), t('col.expires'), t('col.date')]}
          row={(g) => [<code>{g.code}</code>, money(g.amount, g.currency), date(g.expiresOn), dateTime(g.createdAt)]} />;
      case 'activity':
        return <RelatedList {...common} testId="list-activity" document={ActivityList} pick={(d) => d.client?.activity}
          headers={[t('col.date'), t('col.action'), t('col.author'), t('col.changes')]}
          row={(a) => [dateTime(a.createdAt), <code>{a.action}</code>, a.actorName || t(`actorType.${a.actorType}`),
            <ul className="changes">{a.changes.map((c) => <li key={c.field}><strong>{c.field}</strong>: {show(c.oldValue)} → {show(c.newValue)}</li>)}</ul>]} />;
      case 'notifications':
        return <RelatedList {...common} testId="list-notifications" document={NotificationsList} pick={(d) => d.client?.notifications}
          headers={[t('col.date'), t('col.type'), t('col.channel'), t('col.status'), t('col.to'), t('col.attempts')]}
          row={(n) => [dateTime(n.createdAt), t(`notificationType.${n.type}`), t(`channel.${n.channel}`),
            n.skipReason ? `${t(`notificationStatus.${n.status}`)} (${t(`skipReason.${n.skipReason}`)})` : t(`notificationStatus.${n.status}`),
            show(n.toAddress), String(n.attempts)]} />;
      case 'consent':
        return <RelatedList {...common} testId="list-consent" document={ConsentHistoryList} pick={(d) => d.client?.consentHistory}
          headers={[t('col.date'), t('consent.purpose'), t('consent.answer'), t('col.source'), t('consent.proof'), t('col.author')]}
          row={(e) => [dateTime(e.createdAt), t(`consentPurpose.${e.purpose}`), e.granted ? t('consent.given') : t('consent.withdrawn'),
            t(`consentSource.${e.source}`), <span className="prewrap">{show(e.proof)}</span>, e.actorName || t(`actorType.${e.actorType}`)]} />;
    }
  };

  const labels: Record<Tab, MessageKey> = {
    notes: 'tab.notes', points: 'tab.points', purchases: 'tab.purchases', orders: 'tab.orders', giftLists: 'tab.giftLists',
    bookings: 'tab.bookings', memberships: 'tab.memberships', giftCards: 'tab.giftCards', activity: 'tab.activity', notifications: 'tab.notifications', consent: 'tab.consent',
  };

  return (
    <section className="card" aria-labelledby="related-title">
      <h2 id="related-title">{t('card.history')}</h2>
      <div role="tablist" className="tabs" aria-labelledby="related-title">
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls="related-panel"
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
            onKeyDown={(e) => {
              const i = TABS.indexOf(name);
              const move = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
              if (!move) return;
              const nextTab = TABS[(i + move + TABS.length) % TABS.length] ?? name;
              setTab(nextTab);
              document.getElementById(`tab-${nextTab}`)?.focus();
            }}
          >
            {t(labels[name])}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="related-panel" aria-labelledby={`tab-${tab}`} tabIndex={0}>
        {panel()}
      </div>
    </section>
  );
}
