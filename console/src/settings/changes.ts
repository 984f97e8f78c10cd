// What the settings forms send: only what differs from the organization as the API gave it
// (so a stale form does not overwrite another admin's change to another setting). Pure.
import type { LevelMode, UpdateOrganizationSettingsInput } from '../gql/graphql';

export interface OrgSettings {
  senderName?: string | null;
  replyTo?: string | null;
  timeZone: string;
  currency: string;
  levelMode: LevelMode;
  clientAccountsEnabled: boolean;
  staffPasswordAssignment: boolean;
}

export interface OrgForm {
  senderName: string;
  replyTo: string;
  timeZone: string;
  currency: string;
  levelMode: LevelMode;
  clientAccountsEnabled: boolean;
  staffPasswordAssignment: boolean;
}

export function organizationChanges(form: OrgForm, org: OrgSettings): UpdateOrganizationSettingsInput {
  const text = (value: string, old: string | null | undefined) => (value.trim() === (old ?? '') ? null : value.trim());
  const flag = (value: boolean, old: boolean) => (value === old ? null : value);
  const input: UpdateOrganizationSettingsInput = {
    senderName: text(form.senderName, org.senderName),
    replyTo: text(form.replyTo, org.replyTo),
    timeZone: text(form.timeZone, org.timeZone),
    currency: text(form.currency, org.currency),
    levelMode: form.levelMode === org.levelMode ? null : form.levelMode,
    clientAccountsEnabled: flag(form.clientAccountsEnabled, org.clientAccountsEnabled),
    staffPasswordAssignment: flag(form.staffPasswordAssignment, org.staffPasswordAssignment),
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null)) as UpdateOrganizationSettingsInput;
}

/** A level's edit: only a changed name or threshold; an unreadable threshold is an error. */
export function levelChanges(
  form: { name: string; threshold: string },
  level: { name: string; threshold: number },
): { input: { name?: string; threshold?: number }; invalid: boolean } {
  const input: { name?: string; threshold?: number } = {};
  const name = form.name.trim();
  if (name !== level.name) input.name = name;
  const raw = form.threshold.trim();
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) return { input, invalid: true };
  if (Number(raw) !== level.threshold) input.threshold = Number(raw);
  return { input, invalid: false };
}
