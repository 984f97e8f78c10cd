import { SessionProvider, useSession } from '../auth/Session';
import { AcceptInvite } from '../auth/AcceptInvite';
import { SignIn } from '../auth/SignIn';
import { ClientCard } from '../client/ClientCard';
import { NewClient } from '../client/NewClient';
import { ClientsPage } from '../clients/ClientsPage';
import { I18nProvider, useI18n } from '../i18n/I18n';
import { SegmentPage } from '../segments/SegmentPage';
import { SegmentsPage } from '../segments/SegmentsPage';
import { SettingsPage } from '../settings/SettingsPage';
import { UnifyPage } from '../unify/UnifyPage';
import { ErrorNotice, Loading } from '../ui/kit';
import { useRoute } from './router';
import { Shell } from './Shell';

function Screen() {
  const route = useRoute();
  const { t } = useI18n();
  switch (route.name) {
    case 'clients':
      return <ClientsPage />;
    case 'newClient':
      return <NewClient />;
    case 'client':
      return <ClientCard key={route.id} id={route.id} />;
    case 'unify':
      return <UnifyPage key={route.id} id={route.id} other={route.other} />;
    case 'segments':
      return <SegmentsPage />;
    case 'segment':
      return <SegmentPage key={route.id} id={route.id} />;
    case 'settings':
      return <SettingsPage />;
    case 'acceptInvite':
    case 'notFound':
      return <h1>{t('app.notFound')}</h1>;
  }
}

function Gate() {
  const { state, refresh } = useSession();
  const { t } = useI18n();
  const route = useRoute();
  if (route.name === 'acceptInvite') return <AcceptInvite />;
  if (state.status === 'signedOut') return <SignIn expired={state.expired} />;
  if (state.status === 'unreachable')
    return (
      <main id="main" className="page">
        <ErrorNotice error={state.error} />
        <button type="button" className="button" onClick={refresh}>
          {t('common.retry')}
        </button>
      </main>
    );
  if (state.status === 'loading')
    return (
      <main id="main" className="page">
        <Loading />
      </main>
    );
  return (
    <Shell>
      <Screen />
    </Shell>
  );
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </I18nProvider>
  );
}
