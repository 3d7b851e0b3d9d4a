import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../components/format';
import { PubCard, PubTag } from '../../../components/publicKit';
import { removeItem, type OutboxItem, type OutboxState } from '../offline/outbox';

const STATE_COLOR: Record<OutboxState, string | undefined> = {
  pending: 'orange',
  sending: 'purple',
  sent: 'green',
  failed: 'red',
};

/** The phone's outbox: each report written here, its state, and a way to send now or drop one. */
export function OutboxPanel({
  queue,
  online,
  onSync,
}: {
  queue: OutboxItem[];
  online: boolean;
  onSync: () => void;
}) {
  const { t } = useTranslation();
  return (
    <PubCard
      testId="outbox"
      title={
        <span className="fs-rep-card-title">
          <span>{t('grid.queue.title')}</span>
          <button type="button" className="fs-rep-btn" disabled={!online} onClick={onSync}>
            {t('grid.queue.syncNow')}
          </button>
        </span>
      }
    >
      {queue.length === 0 ? (
        <div className="fs-pub-empty">{t('grid.queue.empty')}</div>
      ) : (
        <ul className="fs-pub-list">
          {queue.map((item) => (
            <li key={item.localId} data-testid="outbox-item" data-state={item.state}>
              <div className="fs-pub-col fs-rep-grow">
                <span className="fs-rep-ellipsis">
                  {item.body.place} · {item.body.description}
                </span>
                <span className="fs-pub-sub">
                  {formatDateTime(item.createdAt)}
                  {item.eventCode ? ` · ${item.eventCode}` : ''}
                  {item.photos.length ? ` · ${t('grid.photos')} ${item.photos.length}` : ''}
                  {item.attempts > 1 ? ` · ${t('grid.queue.attempts', { count: item.attempts })}` : ''}
                </span>
                {item.duplicateCodes && item.duplicateCodes.length > 0 && (
                  <span className="fs-rep-warn">
                    {t('grid.duplicates', { codes: item.duplicateCodes.join('、') })}
                  </span>
                )}
                {item.state === 'failed' && item.error && <span className="fs-pub-help">{item.error}</span>}
              </div>
              <PubTag color={STATE_COLOR[item.state]} testId="outbox-state">
                {t(`grid.queue.state.${item.state}`)}
              </PubTag>
              {item.state !== 'sending' && (
                <button
                  type="button"
                  className="fs-rep-icon-btn"
                  aria-label={t('grid.queue.remove')}
                  title={t('grid.queue.remove')}
                  onClick={() => void removeItem(item.localId)}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </PubCard>
  );
}
