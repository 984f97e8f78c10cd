import { useSignedIn } from '../auth/Session';
import { useI18n } from '../i18n/I18n';
import type { MessageKey } from '../i18n/en';
import { ApiKeysSection } from './ApiKeysSection';
import { ConsentWordingSection } from './ConsentWordingSection';
import { FieldLabelsSection } from './FieldLabelsSection';
import { LevelsSection } from './LevelsSection';
import { OrganizationSection } from './OrganizationSection';
import { StaffSection } from './StaffSection';
import { TagsSection } from './TagsSection';
import { WebhooksSection } from './WebhooksSection';

export function SettingsPage() {
  const { t } = useI18n();
  const { can, viewer } = useSignedIn();
  // In-page links to each section (a long page; the fragment carries no personal data).
  const sections: [boolean, string, MessageKey][] = [
    [can('LEVELS_MANAGE'), 'levels-title', 'settings.levels'],
    [can('SETTINGS_MANAGE'), 'labels-title', 'settings.fieldLabels'],
    [can('TAGS_WRITE'), 'tags-title', 'field.tags'],
    [can('SETTINGS_MANAGE'), 'org-title', 'settings.organization'],
    [can('SETTINGS_MANAGE'), 'wording-title', 'settings.consentWording'],
    [can('STAFF_MANAGE'), 'staff-title', 'settings.staff'],
    [can('API_KEYS_MANAGE'), 'keys-title', 'settings.apiKeys'],
    [can('WEBHOOKS_MANAGE'), 'webhooks-title', 'webhooks.title'],
  ];
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <nav aria-label={t('settings.sections')} className="toc">
        {sections.filter(([shown]) => shown).map(([, id, label]) => (
          <a key={id} href={`#${id}`}>{t(label)}</a>
        ))}
      </nav>
      <div className="card-grid">
        {can('LEVELS_MANAGE') ? <LevelsSection /> : null}
        {can('SETTINGS_MANAGE') ? <FieldLabelsSection /> : null}
        {can('TAGS_WRITE') ? <TagsSection /> : null}
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
