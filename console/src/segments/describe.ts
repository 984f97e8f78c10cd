import type { OrgData } from '../auth/Session';
import { fromFilterJson, toFilterInput } from '../clients/filters';
import { genericLabel } from '../clients/labels';
import type { I18n } from '../i18n/I18n';

/** A segment's filter in words ("Tags: any of yoga · Status: Active · …"). */
export function describeFilter(json: unknown, i18n: I18n, org: OrgData): string {
  const { t } = i18n;
  const f = toFilterInput(fromFilterJson(json));
  if (!f) return t('segments.everyone');
  const parts: string[] = [];
  if (f.search) parts.push(`${t('clients.search')}: "${f.search}"`);
  if (f.tags?.any?.length) parts.push(`${t('filter.tagsAny')}: ${f.tags.any.join(', ')}`);
  if (f.tags?.all?.length) parts.push(`${t('filter.tagsAll')}: ${f.tags.all.join(', ')}`);
  if (f.tags?.none?.length) parts.push(`${t('filter.tagsNone')}: ${f.tags.none.join(', ')}`);
  if (f.status?.length) parts.push(`${t('filter.status')}: ${f.status.map((s) => t(`status.${s}`)).join(', ')}`);
  if (f.levelIds?.length)
    parts.push(`${t('filter.level')}: ${f.levelIds.map((id) => org.levels.find((l) => l.id === id)?.name ?? id).join(', ')}`);
  if (f.cities?.length) parts.push(`${t('field.city')}: ${f.cities.join(', ')}`);
  if (f.genders?.length) parts.push(`${t('field.gender')}: ${f.genders.map((g) => t(`gender.${g}`)).join(', ')}`);
  if (f.points) parts.push(`${t('field.points')}: ${f.points.min ?? '…'}–${f.points.max ?? '…'}`);
  if (f.registeredAt)
    parts.push(`${t('field.registeredAt')}: ${i18n.date(f.registeredAt.from ?? null)}–${i18n.date(f.registeredAt.to ?? null)}`);
  if (f.birthdayWithinDays != null) parts.push(t('filter.birthdayWithin', { days: f.birthdayWithinDays }));
  if (f.birthdayMonth != null) parts.push(`${t('filter.birthdayMonth')}: ${f.birthdayMonth}`);
  for (const p of f.consent?.given ?? []) parts.push(`${t(`consentPurpose.${p}`)}: ${t('filter.consentGiven')}`);
  for (const p of f.consent?.notGiven ?? []) parts.push(`${t(`consentPurpose.${p}`)}: ${t('filter.consentNotGiven')}`);
  for (const g of f.generic ?? []) {
    const value = g.equals ?? g.contains ?? `${g.min ?? g.from ?? '…'}–${g.max ?? g.to ?? '…'}`;
    parts.push(`${genericLabel(g.field, org.fieldLabels, t)}: ${value}`);
  }
  return parts.join(' · ');
}
