import { useState } from 'react';
import { request } from '../api/client';
import { useQuery } from '../api/hooks';
import { useAction } from '../api/useAction';
import { TagNames } from '../clients/queries';
import { useI18n } from '../i18n/I18n';
import { Dialog, ErrorNotice, Notice } from '../ui/kit';
import { DeleteTag, RenameTag } from './queries';

type Tag = { id: string; name: string };

/** The organization's tags (R6.1, R9.3): renamed everywhere at once, or deleted from every client. */
export function TagsSection() {
  const { t, number, errorText } = useI18n();
  const list = useQuery(TagNames, {});
  const [deleting, setDeleting] = useState<Tag | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const remove = useAction();
  const doDelete = async () => {
    if (!deleting) return;
    const payload = await remove.run(async () => (await request(DeleteTag, { input: { tagId: deleting.id } })).deleteTag);
    if (payload) {
      setNotice(t('tagsAdmin.deleted', { name: deleting.name, count: number(payload.clientsChanged) }));
      setDeleting(null);
      list.reload();
    }
  };
  const removeError = [...remove.errors.values()][0];
  const tags = list.data?.tags ?? [];
  return (
    <section className="card" aria-labelledby="tags-title" data-testid="tags-admin">
      <h2 id="tags-title">{t('field.tags')}</h2>
      <p className="muted small">{t('tagsAdmin.explain')}</p>
      {notice ? <Notice kind="ok">{notice}</Notice> : null}
      <ErrorNotice error={list.error} />
      {tags.length ? (
        <table className="table table--compact">
          <caption className="visually-hidden">{t('field.tags')}</caption>
          <tbody>
            {tags.map((tag) => (
              <TagRow key={`${tag.id}:${tag.name}`} tag={tag} onSaved={() => { setNotice(null); list.reload(); }}
                onDelete={() => { remove.reset(); setNotice(null); setDeleting(tag); }} />
            ))}
          </tbody>
        </table>
      ) : list.data ? (
        <p className="muted">{t('tags.none')}</p>
      ) : null}
      <Dialog title={t('tagsAdmin.delete')} open={deleting !== null} onClose={() => setDeleting(null)}>
        <p>{t('tagsAdmin.deleteExplain', { name: deleting?.name ?? '' })}</p>
        {removeError ? <Notice kind="error">{errorText(removeError)}</Notice> : null}
        <ErrorNotice error={remove.failure} />
        <div className="dialog__actions">
          <button type="button" className="button" onClick={() => setDeleting(null)}>{t('common.cancel')}</button>
          <button type="button" className="button button--danger" disabled={remove.busy} onClick={() => void doDelete()}>{t('tagsAdmin.delete')}</button>
        </div>
      </Dialog>
    </section>
  );
}

function TagRow({ tag, onSaved, onDelete }: { tag: Tag; onSaved: () => void; onDelete: () => void }) {
  const { t, errorText } = useI18n();
  const [name, setName] = useState(tag.name);
  const action = useAction();
  const save = async () => {
    if (name.trim() === tag.name) return;
    if (await action.run(async () => (await request(RenameTag, { input: { tagId: tag.id, name } })).renameTag)) onSaved();
  };
  const problem = [...action.errors.values()][0];
  return (
    <tr>
      <td>
        <input aria-label={t('tagsAdmin.nameOf', { name: tag.name })} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(problem)} />
        {problem ? <p className="field__error" role="alert">{errorText(problem)}</p> : null}
        <ErrorNotice error={action.failure} />
      </td>
      <td className="nowrap">
        <button type="button" className="button" disabled={action.busy} onClick={() => void save()} aria-label={t('tagsAdmin.renameNamed', { name: tag.name })}>
          {t('tagsAdmin.rename')}
        </button>{' '}
        <button type="button" className="button button--danger" onClick={onDelete} aria-label={t('tagsAdmin.deleteNamed', { name: tag.name })}>
          {t('common.remove')}
        </button>
      </td>
    </tr>
  );
}
