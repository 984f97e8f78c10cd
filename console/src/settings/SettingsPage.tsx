import { useSignedIn } from '../auth/Session';
import { useI18n } from '../i18n/I18n';
import { ApiKeysSection } from './ApiKeysSection';
import { ConsentWordingSection } from './ConsentWordingSection';
import { FieldLabelsSection } from './FieldLabelsSection';
import { LevelsSection } from './LevelsSection';
import { OrganizationSection } from './OrganizationSection';
import { StaffSection } from './StaffSection';
import { WebhooksSection } from './WebhooksSection';

export function SettingsPage() {
  const { t } = useI18n();
  const { can, viewer } = useSignedIn();
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <div className="card-grid">
        {can('LEVELS_MANAGE') ? <LevelsSection /> : null}
        {can('SETTINGS_MANAGE') ? <FieldLabelsSection /> : null}
        {can('SETTINGS_MANAGE') ? <OrganizationSection /> : null}
        {can('SETTINGS_MANAGE') ? <ConsentWordingSection /> : null}
        {can('STAFF_MANAGE') ? <StaffSection /> : null}
        <section className="card" aria-labelledby="me-title">
          <h2 id="me-title">{t('settings.you')}</h2>
          <p>
            {viewer.staffUser?.name} · {viewer.staffUser?.email} · {viewer.staffUser ? t(`role.${viewer.staffUser.role}`) : ''}
          </p>
          <p className="muted small">{t('settings.staffExplain')}</p>
          <ul className="small">
            {viewer.permissions.map((p) => <li key={p}>{t(`permission.${p}`)}</li>)}
          </ul>
        </section>
        {can('API_KEYS_MANAGE') ? <ApiKeysSection /> : null}
        {can('WEBHOOKS_MANAGE') ? <WebhooksSection /> : null}
      </div>
    </section>
  );
}
