import { Button, Card, Empty, Tag, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../components/format';
import { removeItem, type OutboxItem, type OutboxState } from '../offline/outbox';

const STATE_COLOR: Record<OutboxState, string> = {
  pending: 'gold',
  sending: 'blue',
  sent: 'green',
  failed: 'red',
};

/** The phone's outbox: each report written here, its state, and a way to send now or drop one. */
export function OutboxList({
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
    <Card
      title={t('grid.queue.title')}
      variant="borderless"
      size="small"
      style={{ marginTop: 12 }}
      data-testid="outbox"
      extra={
        <Button size="small" disabled={!online} onClick={onSync}>
          {t('grid.queue.syncNow')}
        </Button>
      }
    >
      {queue.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('grid.queue.empty')} />
      ) : (
        queue.map((item) => (
          <div className="fs-queue-item" key={item.localId} data-testid="outbox-item" data-state={item.state}>
            <div className="fs-queue-main">
              <div className="fs-queue-title">
                {item.body.place} · {item.body.description}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(item.createdAt)}
                {item.eventCode ? ` · ${item.eventCode}` : ''}
                {item.photos.length ? ` · ${t('grid.photos')} ${item.photos.length}` : ''}
                {item.attempts > 1 ? ` · ${t('grid.queue.attempts', { count: item.attempts })}` : ''}
              </Typography.Text>
              {item.duplicateCodes && item.duplicateCodes.length > 0 && (
                <Typography.Text type="warning" style={{ display: 'block', fontSize: 12 }}>
                  {t('grid.duplicates', { codes: item.duplicateCodes.join('、') })}
                </Typography.Text>
              )}
              {item.state === 'failed' && item.error && (
                <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }}>
                  {item.error}
                </Typography.Text>
              )}
            </div>
            <Tag color={STATE_COLOR[item.state]} data-testid="outbox-state">
              {t(`grid.queue.state.${item.state}`)}
            </Tag>
            {item.state !== 'sending' && (
              <Button
                type="text"
                size="small"
                icon={<DeleteOutlined />}
                aria-label={t('grid.queue.remove')}
                onClick={() => void removeItem(item.localId)}
              />
            )}
          </div>
        ))
      )}
    </Card>
  );
}
