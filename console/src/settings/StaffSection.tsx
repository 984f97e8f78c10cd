import { useState, type FormEvent } from 'react';
import { request } from '../api/client';
import { useQuery } from '../api/hooks';
import { useAction } from '../api/useAction';
import { useSignedIn } from '../auth/Session';
import { useFieldError } from '../client/actions/ActionDialog';
import type { StaffRole } from '../gql/graphql';
import { useI18n } from '../i18n/I18n';
import { Dialog, ErrorNotice, Notice, SelectField, TextField } from '../ui/kit';
import { ChangeStaffRole, DeactivateStaff, InviteStaff, StaffUsers } from './queries';
import { assignableRoles } from './staff';

/** Staff users (R9.3): invite by email (a set-password link), change a role, deactivate. */
export function StaffSection() {
  const { t, errorText } = useI18n();
  const { viewer } = useSignedIn();
  const list = useQuery(StaffUsers, {});
  const roles = assignableRoles(viewer.staffUser?.role ?? 'READ_ONLY');
  const [notice, setNotice] = useState<string | null>(null);
  const [removing, setRemoving] = useState<{ id: string; name: string } | null>(null);
  const change = useAction();
  const remove = useAction();

  const setRole = async (staffId: string, role: StaffRole) => {
    setNotice(null);
    if (await change.run(async () => (await request(ChangeStaffRole, { input: { staffId, role } })).changeStaffRole)) {
      setNotice(t('staff.roleChanged'));
      list.reload();
    } else list.reload();
  };
  const deactivate = async () => {
    if (!removing) return;
    if (await remove.run(async () => (await request(DeactivateStaff, { input: { staffId: removing.id } })).deactivateStaff)) {
      setRemoving(null);
      setNotice(t('staff.deactivated'));
      list.reload();
    }
  };
  const changeError = [...change.errors.values()][0];
  const removeError = [...remove.errors.values()][0];
  const me = viewer.staffUser?.id;

  return (
    <section className="card card--wide" aria-labelledby="staff-title" data-testid="staff">
      <h2 id="staff-title">{t('settings.staff')}</h2>
      <p className="muted small">{t('staff.explain')}</p>
      {notice ? <Notice kind="ok">{notice}</Notice> : null}
      {changeError ? <Notice kind="error">{errorText(changeError)}</Notice> : null}
      <ErrorNotice error={list.error ?? change.failure} />
      <div className="table-wrap">
        <table className="table table--compact">
          <caption className="visually-hidden">{t('settings.staff')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('col.name')}</th>
              <th scope="col">{t('signIn.email')}</th>
              <th scope="col">{t('staff.role')}</th>
              <th scope="col"><span className="visually-hidden">{t('card.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.staffUsers ?? []).map((s) => (
              <StaffRow
                key={`${s.id}:${s.role}`}
                staff={s}
                me={s.id === me}
                editable={s.id !== me && (s.role !== 'OWNER' || roles.includes('OWNER'))}
                roles={roles}
                busy={change.busy}
                onRole={(role) => void setRole(s.id, role)}
                onRemove={() => { remove.reset(); setRemoving({ id: s.id, name: s.name }); }}
              />
            ))}
          </tbody>
        </table>
      </div>
      <InviteForm roles={roles} onInvited={(email) => { setNotice(t('staff.invited', { email })); list.reload(); }} />
      <Dialog title={t('staff.deactivate')} open={removing !== null} onClose={() => setRemoving(null)}>
        <p>{t('staff.deactivateExplain', { name: removing?.name ?? '' })}</p>
        {removeError ? <Notice kind="error">{errorText(removeError)}</Notice> : null}
        <ErrorNotice error={remove.failure} />
        <div className="dialog__actions">
          <button type="button" className="button" onClick={() => setRemoving(null)}>{t('common.cancel')}</button>
          <button type="button" className="button button--danger" disabled={remove.busy} onClick={() => void deactivate()}>{t('staff.deactivate')}</button>
        </div>
      </Dialog>
    </section>
  );
}

/** One staff user; a new role is applied with its button (a select that acted on every arrow
 * key would change the role while a keyboard user looks through the options). */
function StaffRow({
  staff,
  me,
  editable,
  roles,
  busy,
  onRole,
  onRemove,
}: {
  staff: { id: string; name: string; email: string; role: StaffRole; invitationPending: boolean };
  me: boolean;
  editable: boolean;
  roles: StaffRole[];
  busy: boolean;
  onRole: (role: StaffRole) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const [role, setRole] = useState<StaffRole>(staff.role);
  return (
    <tr>
      <td>
        {staff.name}{me ? <span className="muted"> ({t('staff.you')})</span> : null}
        {staff.invitationPending ? <><br /><span className="badge">{t('staff.pending')}</span></> : null}
      </td>
      <td>{staff.email}</td>
      <td className="nowrap">
        {editable ? (
          <>
            <label className="visually-hidden" htmlFor={`role-${staff.id}`}>{t('staff.roleOf', { name: staff.name })}</label>
            <select id={`role-${staff.id}`} value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
              {roles.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
            </select>{' '}
            {role !== staff.role ? (
              <button type="button" className="button" disabled={busy} onClick={() => onRole(role)}>
                {t('staff.changeRole')}
              </button>
            ) : null}
          </>
        ) : (
          t(`role.${staff.role}`)
        )}
      </td>
      <td>
        {editable ? (
          <button type="button" className="button button--danger" onClick={onRemove} aria-label={t('staff.deactivateNamed', { name: staff.name })}>
            {t('staff.deactivate')}
          </button>
        ) : null}
      </td>
    </tr>
  );
}

function InviteForm({ roles, onInvited }: { roles: StaffRole[]; onInvited: (email: string) => void }) {
  const { t, errorText } = useI18n();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('AGENT');
  const action = useAction();
  const fieldError = useFieldError(action);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await action.run(async () => (await request(InviteStaff, { input: { email, name, role } })).inviteStaff)) {
      onInvited(email.trim());
      setEmail('');
      setName('');
    }
  };
  const whole = action.errors.get('');
  return (
    <form onSubmit={submit} noValidate>
      <h3>{t('staff.invite')}</h3>
      <div className="row">
        <TextField label={t('col.name')} value={name} onChange={(e) => setName(e.target.value)} error={fieldError('name')} autoComplete="off" />
        <TextField label={t('signIn.email')} type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError('email')} autoComplete="off" />
        <SelectField label={t('staff.role')} value={role} onChange={(e) => setRole(e.target.value as StaffRole)} error={fieldError('role')}>
          {roles.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
        </SelectField>
      </div>
      {whole ? <Notice kind="error">{errorText(whole)}</Notice> : null}
      <ErrorNotice error={action.failure} />
      <p className="muted small">{t('staff.inviteExplain')}</p>
      <button type="submit" className="button button--primary" disabled={action.busy}>{t('staff.sendInvite')}</button>
    </form>
  );
}
