import { useState } from 'react';
import { download, request } from '../api/client';
import { useQuery } from '../api/hooks';
import { useAction } from '../api/useAction';
import { Link, navigate } from '../app/router';
import { useSignedIn } from '../auth/Session';
import { CountLine, useExactCount } from '../clients/CountLine';
import { fromFilterJson } from '../clients/filters';
import { remember } from '../clients/memory';
import { describeFilter } from './describe';
import { useI18n } from '../i18n/I18n';
import { NotifyDialog } from '../notify/NotifyDialog';
import { Dialog, ErrorNotice, Loading, Notice } from '../ui/kit';
import { DeleteSegment, SegmentCount, SegmentDetail } from './queries';

export function SegmentPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, number } = i18n;
  const { can, org } = useSignedIn();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const detail = useQuery(SegmentDetail, { id, after: cursors[cursors.length - 1] ?? null });
  const exactCount = useExactCount(id);
  const count = useQuery(SegmentCount, { id, exact: exactCount.exact });
  const [notify, setNotify] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const remove = useAction();
  const segment = detail.data?.segment;

  if (detail.loading && !detail.data) return <Loading />;
  if (detail.error) return <ErrorNotice error={detail.error} />;
  if (!segment) return <Notice kind="warn">{t('segments.notFound')}</Notice>;

  const exportAs = async (url: string) => {
    const format = url.endsWith('.csv') ? 'csv' : 'jsonl';
    setExportError(null);
    setExporting(format);
    try {
      await download(url, `${segment.name.replace(/[^\p{L}\p{N}_-]+/gu, '_') || 'segment'}.${format}`);
    } catch (caught) {
      setExportError(caught);
    } finally {
      setExporting(null);
    }
  };
  const doDelete = async () => {
    if (await remove.run(async () => (await request(DeleteSegment, { input: { segmentId: id } })).deleteSegment)) navigate({ name: 'segments' });
  };

  const page = segment.members;
  return (
    <section aria-labelledby="segment-title" data-testid="segment">
      <p className="breadcrumb"><Link to={{ name: 'segments' }}>{t('nav.segments')}</Link></p>
      <h1 id="segment-title">{segment.name}</h1>
      <p className="muted" data-testid="segment-filter">{describeFilter(segment.filter, i18n, org)}</p>
      <CountLine count={count.data?.segment?.members.count} loading={count.loading} exact={exactCount.exact} onExact={exactCount.ask} testId="segment-count" />
      <div className="button-row">
        {segment.exportUrls.map((url) => (
          <button key={url} type="button" className="button" disabled={exporting !== null} onClick={() => void exportAs(url)}>
            {url.endsWith('.csv') ? t('segments.exportCsv') : t('segments.exportJsonl')}
          </button>
        ))}
        <button type="button" className="button" onClick={() => {
          remember({ filter: fromFilterJson(segment.filter), cursors: [null], open: true, segment: { id: segment.id, name: segment.name } });
          navigate({ name: 'clients' });
        }}>
          {t('segments.openInList')}
        </button>
        {can('NOTIFICATIONS_SEND') ? (
          <button type="button" className="button" onClick={() => setNotify(true)}>{t('action.notify')}</button>
        ) : null}
        <button type="button" className="button button--danger" onClick={() => setConfirmDelete(true)}>{t('segments.delete')}</button>
      </div>
      <ErrorNotice error={exportError} />
      <div className="table-wrap">
        <table className="table" data-testid="segment-members">
          <thead>
            <tr>
              <th scope="col">{t('clients.col.name')}</th>
              <th scope="col">{t('field.email')}</th>
              <th scope="col">{t('field.city')}</th>
              <th scope="col">{t('field.points')}</th>
              <th scope="col">{t('field.status')}</th>
            </tr>
          </thead>
          <tbody>
            {page.nodes.map((c) => (
              <tr key={c.id}>
                <td><Link to={{ name: 'client', id: c.id }}>{`${c.firstName} ${c.lastName}`.trim() || t('clients.noName')}</Link></td>
                <td>{c.email ?? ''}</td>
                <td>{c.city ?? ''}</td>
                <td className="num">{number(c.points)}</td>
                <td>{t(`status.${c.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label={t('common.pages')}>
        <button type="button" className="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>{t('common.previous')}</button>
        <span className="muted">{t('common.page', { page: cursors.length })}</span>
        <button type="button" className="button" disabled={!page.pageInfo.hasNextPage} onClick={() => page.pageInfo.endCursor && setCursors([...cursors, page.pageInfo.endCursor])}>{t('common.next')}</button>
      </nav>
      <NotifyDialog target={{ segmentId: id }} open={notify} onClose={() => setNotify(false)} />
      <Dialog title={t('segments.delete')} open={confirmDelete} onClose={() => setConfirmDelete(false)}>
        <p>{t('segments.deleteExplain')}</p>
        <ErrorNotice error={remove.failure} />
        <div className="dialog__actions">
          <button type="button" className="button" onClick={() => setConfirmDelete(false)}>{t('common.cancel')}</button>
          <button type="button" className="button button--danger" onClick={() => void doDelete()} disabled={remove.busy}>{t('segments.delete')}</button>
        </div>
      </Dialog>
    </section>
  );
}
