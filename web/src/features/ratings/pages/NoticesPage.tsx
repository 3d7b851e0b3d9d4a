import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Input, List, Modal, Radio, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ratingsContract, reasonSchema } from '@fivestar/common';
import { call, urlOf } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { formatDate } from '../../../components/format';
import { RatingsTabs } from '../components/RatingsTabs';
import { STATUS_COLOR } from '../components/status';

const routes = ratingsContract.routes;

/** Staff view of the public notices: publish, see and resolve objections (with contacts), award when closed. */
export default function NoticesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const perms = me.permissions as string[];
  const year = new Date().getFullYear();
  const { data, error, reload } = useApiQuery(routes.notices, { query: {} });
  const [resolving, setResolving] = useState<{ id: number } | null>(null);
  const [decision, setDecision] = useState<'dismissed' | 'upheld'>('dismissed');
  const [outcome, setOutcome] = useState('');
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      reload();
    } catch (err) {
      message.error(errorText(err, t));
    }
  };
  return (
    <div>
      <RatingsTabs />
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginBottom: 12, flexWrap: 'wrap' }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1 }}>
          {t('ratings.notices.title')}
        </Typography.Title>
        {perms.includes('rating:manage') && (
          <Button
            type="primary"
            data-testid="publish-notice"
            onClick={() =>
              void act(() => call(routes.publishNotice, { body: { year } }), t('ratings.notices.published'))
            }
          >
            {t('ratings.notices.publish')}
          </Button>
        )}
      </div>
      {error && <Alert type="error" title={errorText(error, t)} />}
      {data && data.length === 0 && <Empty />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {data?.map((n) => (
          <Card
            key={n.id}
            variant="borderless"
            data-testid={`notice-${n.id}`}
            title={
              <span style={{ whiteSpace: 'normal' }}>
                {n.title}{' '}
                <Tag color={n.open ? 'purple' : 'default'}>
                  {n.open ? t('ratings.notices.open') : t('ratings.notices.closed')}
                </Tag>
              </span>
            }
            extra={
              <Space>
                <Link to={`/notice/${n.id}`} target="_blank">
                  {t('ratings.notices.publicLink')}
                </Link>
                <a href={urlOf(routes.publicNoticePdf, { params: { id: n.id } })}>
                  {t('ratings.notices.pdf')}
                </a>
              </Space>
            }
          >
            <Typography.Paragraph type="secondary">
              {t('ratings.notices.window')}：{formatDate(n.startsAt)} – {formatDate(Date.parse(n.endsAt) - 1)}
            </Typography.Paragraph>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, marginBottom: 12 }}>
              {n.items.map((it) => (
                <Link key={it.applicationId} to={`/ratings/applications/${it.applicationId}`}>
                  <Tag color={STATUS_COLOR[it.status]}>
                    {it.branchName} · {it.starName} ·{' '}
                    {/* A closed window no longer says 公示中: its stars wait to be named. */}
                    {!n.open && it.status === 'publicity'
                      ? t('ratings.notices.awaitingAward')
                      : t(`ratings.status.${it.status}` as never)}
                  </Tag>
                </Link>
              ))}
            </div>
            <Typography.Text strong>{t('ratings.notices.objections')}</Typography.Text>
            <List
              size="small"
              dataSource={n.objections}
              locale={{ emptyText: t('ratings.notices.noObjections') }}
              renderItem={(o) => (
                <List.Item
                  data-testid={`objection-${o.id}`}
                  actions={
                    o.status === 'open' && perms.includes('rating:manage')
                      ? [
                          <Button
                            key="r"
                            size="small"
                            data-testid="resolve"
                            onClick={() => setResolving({ id: o.id })}
                          >
                            {t('ratings.notices.resolve')}
                          </Button>,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta
                    title={
                      <span>
                        <Tag color={o.status === 'open' ? 'orange' : o.status === 'upheld' ? 'red' : 'green'}>
                          {t(`ratings.objectionStatus.${o.status}` as never)}
                        </Tag>
                        {o.content}
                      </span>
                    }
                    description={[
                      o.contact ? `${t('ratings.notices.contact')}：${o.contact}` : null,
                      o.outcome ? `${t('ratings.notices.outcome')}：${o.outcome}` : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  />
                </List.Item>
              )}
            />
            {perms.includes('rating:rate') && !n.awardedAt && (
              <Button
                type="primary"
                data-testid="award-notice"
                disabled={n.open}
                onClick={() =>
                  void act(
                    () => call(routes.awardNotice, { params: { id: n.id } }),
                    t('ratings.review_.done'),
                  )
                }
              >
                {t('ratings.notices.award')}
              </Button>
            )}
          </Card>
        ))}
      </Space>
      <Modal
        open={resolving !== null}
        title={t('ratings.notices.resolve')}
        okButtonProps={{ disabled: !outcome.trim(), 'data-testid': 'resolve-ok' } as never}
        onCancel={() => setResolving(null)}
        onOk={() => {
          const r = resolving!;
          setResolving(null);
          void act(
            () => call(routes.resolveObjection, { params: { id: r.id }, body: { decision, outcome } }),
            t('ratings.review_.done'),
          );
          setOutcome('');
        }}
      >
        <Radio.Group
          value={decision}
          onChange={(e) => setDecision(e.target.value as 'dismissed')}
          style={{ marginBottom: 12 }}
        >
          <Radio value="dismissed">{t('ratings.notices.dismiss')}</Radio>
          <Radio value="upheld">{t('ratings.notices.uphold')}</Radio>
        </Radio.Group>
        <Input.TextArea
          data-testid="outcome-input"
          rows={3}
          placeholder={t('ratings.notices.outcome')}
          value={outcome}
          maxLength={reasonSchema.maxLength ?? undefined}
          onChange={(e) => setOutcome(e.target.value)}
        />
      </Modal>
    </div>
  );
}
