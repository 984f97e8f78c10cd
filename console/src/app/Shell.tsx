import type { ReactNode } from 'react';
import { useSession, useSignedIn } from '../auth/Session';
import { useI18n } from '../i18n/I18n';
import { LanguagePicker } from './LanguagePicker';
import { Link, useRoute } from './router';

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { viewer, can } = useSignedIn();
  const { signOut } = useSession();
  const route = useRoute();
  const section = route.name === 'segments' || route.name === 'segment' ? 'segments' : route.name === 'settings' ? 'settings' : 'clients';
  const canSettings = can('SETTINGS_MANAGE') || can('LEVELS_MANAGE') || can('API_KEYS_MANAGE') || can('WEBHOOKS_MANAGE') || can('STAFF_MANAGE');
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <div className="topbar__org" data-testid="org-name">
          {viewer.organization.name}
        </div>
        <nav aria-label={t('app.navigation')} className="topbar__nav">
          <Link to={{ name: 'clients' }} aria-current={section === 'clients' ? 'page' : undefined}>
            {t('nav.clients')}
          </Link>
          {can('SEGMENTS_MANAGE') ? (
            <Link to={{ name: 'segments' }} aria-current={section === 'segments' ? 'page' : undefined}>
              {t('nav.segments')}
            </Link>
          ) : null}
          {canSettings ? (
            <Link to={{ name: 'settings' }} aria-current={section === 'settings' ? 'page' : undefined}>
              {t('nav.settings')}
            </Link>
          ) : null}
        </nav>
        <div className="topbar__user">
          <LanguagePicker />
          <span className="muted" title={viewer.staffUser?.email ?? ''}>
            {viewer.staffUser?.name} · {viewer.staffUser ? t(`role.${viewer.staffUser.role}`) : ''}
          </span>
          <button type="button" className="button button--ghost" onClick={() => void signOut()}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
