import { useQuery } from '../api/hooks';
import { Link } from '../app/router';
import { useI18n } from '../i18n/I18n';
import { ErrorNotice, Loading } from '../ui/kit';
import { SegmentsList } from './queries';

export function SegmentsPage() {
  const { t, dateTime } = useI18n();
  const list = useQuery(SegmentsList, {});
  return (
    <section aria-labelledby="segments-title">
      <h1 id="segments-title">{t('segments.title')}</h1>
      <p className="muted">{t('segments.explain')}</p>
      <ErrorNotice error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        list.data.segments?.length ? (
          <div className="table-wrap">
            <table className="table" data-testid="segments-table">
              <thead>
                <tr>
                  <th scope="col">{t('segments.name')}</th>
                  <th scope="col">{t('field.updatedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {(list.data.segments ?? []).map((s) => (
                  <tr key={s.id}>
                    <td><Link to={{ name: 'segment', id: s.id }}>{s.name}</Link></td>
                    <td>{dateTime(s.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="empty">{t('segments.none')}</p>
        )
      ) : null}
    </section>
  );
}
