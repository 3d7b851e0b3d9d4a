import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Modal,
  Radio,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type { awardSchema } from '@fivestar/common';
import { supervisionContract } from '@fivestar/common';
import type { z } from 'zod';
import { call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { PagedTable, usePaging } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';

const R = supervisionContract.routes;
type AwardRow = z.infer<typeof awardSchema>;
type Award = AwardRow;

/** 动态管理: any held star may be taken with a reason; only another decision restores it; veto reviews decided here. */
export default function StarsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const canDecide = (me.permissions as string[]).includes('star:revoke');
  const phone = !Grid.useBreakpoint().md;
  const [tab, setTab] = useState<'reviews' | 'awards'>('reviews');
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState<number | undefined>(thisYear - 1);
  const [status, setStatus] = useState<'active' | 'revoked' | undefined>();
  const awardsPaging = usePaging(20);
  const reviewsPaging = usePaging(20);
  const awards = useApiQuery(R.awards, {
    query: { ...awardsPaging.paging, ...(year ? { year } : {}), ...(status ? { status } : {}) },
  });
  const reviews = useApiQuery(R.reviews, { query: reviewsPaging.paging });
  const [dialog, setDialog] = useState<
    null | { kind: 'revoke' | 'restore'; award: Award } | { kind: 'review'; id: number; title: string }
  >(null);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!dialog) return;
    const v = (await form.validateFields()) as { reason: string; outcome?: 'revoke' | 'keep' };
    setBusy(true);
    try {
      if (dialog.kind === 'review') {
        await call(R.decideReview, {
          params: { id: dialog.id },
          body: { outcome: v.outcome ?? 'keep', reason: v.reason },
        });
        message.success(t('supervision.stars.decided'));
      } else {
        await call(dialog.kind === 'revoke' ? R.revokeAward : R.restoreAward, {
          params: { id: dialog.award.id },
          body: { reason: v.reason },
        });
        message.success(
          t(dialog.kind === 'revoke' ? 'supervision.stars.revokedDone' : 'supervision.stars.restoredDone'),
        );
      }
      setDialog(null);
      form.resetFields();
      awards.reload();
      reviews.reload();
    } catch (err) {
      message.error(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <PageHeader title={t('supervision.stars.title')} subtitle={t('supervision.stars.subtitle')} />
      <Segmented
        style={{ marginBottom: 16 }}
        value={tab}
        onChange={(v) => setTab(v as 'reviews')}
        options={[
          {
            value: 'reviews',
            label: <span data-testid="tab-reviews">{t('supervision.stars.reviews')}</span>,
          },
          { value: 'awards', label: <span data-testid="tab-awards">{t('supervision.stars.awards')}</span> },
        ]}
      />
      {tab === 'reviews' && phone ? (
        <List
          loading={reviews.loading}
          dataSource={reviews.data?.items}
          locale={{ emptyText: <Empty /> }}
          renderItem={(r) => (
            <Card size="small" style={{ marginBottom: 10 }} data-testid={`review-${r.id}`}>
              <Space wrap size={4}>
                <Tag color={r.status === 'open' ? 'orange' : r.status === 'revoked' ? 'red' : 'green'}>
                  {t(`supervision.stars.reviewStatus.${r.status}`)}
                </Tag>
                <Typography.Text strong>
                  {r.unitName} · {r.year} · {r.starName}
                </Typography.Text>
              </Space>
              {r.event && (
                <div>
                  {t('supervision.stars.event')}：{r.event.typeName} ·{' '}
                  {new Date(r.event.reportedAt).toLocaleDateString()}
                </div>
              )}
              {r.awardId === null && (
                <Typography.Text type="secondary">{t('supervision.stars.noAward')}</Typography.Text>
              )}
              {r.decisionReason && (
                <div>
                  <Typography.Text type="secondary">{r.decisionReason}</Typography.Text>
                </div>
              )}
              {canDecide && r.status === 'open' && (
                <Button
                  block
                  size="large"
                  style={{ marginTop: 8 }}
                  data-testid={`decide-${r.id}`}
                  onClick={() =>
                    setDialog({ kind: 'review', id: r.id, title: `${r.unitName} · ${r.starName}` })
                  }
                >
                  {t('supervision.stars.decide')}
                </Button>
              )}
            </Card>
          )}
        />
      ) : tab === 'reviews' ? (
        <PagedTable
          testId="reviews-table"
          result={reviews}
          paging={reviewsPaging.paging}
          onPaging={reviewsPaging.setPaging}
          columns={[
            { title: t('supervision.stars.village'), dataIndex: 'unitName' },
            { title: t('supervision.stars.year'), dataIndex: 'year' },
            { title: t('supervision.stars.star'), dataIndex: 'starName' },
            {
              title: t('supervision.stars.event'),
              dataIndex: 'event',
              render: (e: { typeName: string; reportedAt: number } | null) =>
                e && `${e.typeName} · ${new Date(e.reportedAt).toLocaleDateString()}`,
            },
            {
              title: t('supervision.stars.state'),
              dataIndex: 'status',
              render: (s: 'open' | 'revoked' | 'kept', r) => (
                <Space orientation="vertical" size={0}>
                  <Tag color={s === 'open' ? 'orange' : s === 'revoked' ? 'red' : 'green'}>
                    {t(`supervision.stars.reviewStatus.${s}`)}
                  </Tag>
                  {r.awardId === null && (
                    <Typography.Text type="secondary">{t('supervision.stars.noAward')}</Typography.Text>
                  )}
                  {r.decisionReason && <Typography.Text type="secondary">{r.decisionReason}</Typography.Text>}
                </Space>
              ),
            },
            {
              title: '',
              key: 'act',
              render: (_: unknown, r) =>
                canDecide &&
                r.status === 'open' && (
                  <Button
                    data-testid={`decide-${r.id}`}
                    onClick={() =>
                      setDialog({ kind: 'review', id: r.id, title: `${r.unitName} · ${r.starName}` })
                    }
                  >
                    {t('supervision.stars.decide')}
                  </Button>
                ),
            },
          ]}
        />
      ) : (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <Select
              allowClear
              style={{ width: 110 }}
              placeholder={t('supervision.stars.year')}
              value={year}
              options={[0, 1, 2, 3, 4].map((k) => ({ value: thisYear - k, label: thisYear - k }))}
              onChange={(v) => {
                setYear(v);
                awardsPaging.firstPage();
              }}
            />
            <Select
              allowClear
              style={{ width: 110 }}
              placeholder={t('supervision.stars.state')}
              value={status}
              options={[
                { value: 'active', label: t('supervision.stars.active') },
                { value: 'revoked', label: t('supervision.stars.revoked') },
              ]}
              onChange={(v) => {
                setStatus(v);
                awardsPaging.firstPage();
              }}
            />
          </Space>
          <PagedTable<Award>
            testId="awards-table"
            result={awards}
            paging={awardsPaging.paging}
            onPaging={awardsPaging.setPaging}
            columns={[
              { title: t('supervision.stars.village'), dataIndex: 'unitName' },
              { title: t('supervision.stars.year'), dataIndex: 'year' },
              { title: t('supervision.stars.star'), dataIndex: 'starName' },
              {
                title: t('supervision.stars.source'),
                dataIndex: 'source',
                render: (s: string) => t(`supervision.stars.sources.${s}` as never),
              },
              {
                title: t('supervision.stars.state'),
                dataIndex: 'status',
                render: (s: 'active' | 'revoked', r) => (
                  <Space orientation="vertical" size={0}>
                    <Tag color={s === 'active' ? 'green' : 'red'}>{t(`supervision.stars.${s}`)}</Tag>
                    {r.revokedReason && <Typography.Text type="secondary">{r.revokedReason}</Typography.Text>}
                  </Space>
                ),
              },
              {
                title: '',
                key: 'act',
                render: (_: unknown, r) =>
                  canDecide && (
                    <Button
                      danger={r.status === 'active'}
                      data-testid={`${r.status === 'active' ? 'revoke' : 'restore'}-${r.id}`}
                      onClick={() =>
                        setDialog({ kind: r.status === 'active' ? 'revoke' : 'restore', award: r })
                      }
                    >
                      {t(r.status === 'active' ? 'supervision.stars.revoke' : 'supervision.stars.restore')}
                    </Button>
                  ),
              },
            ]}
          />
        </>
      )}
      <Modal
        open={dialog !== null}
        title={
          dialog?.kind === 'review'
            ? `${t('supervision.stars.decide')} · ${dialog.title}`
            : dialog &&
              `${t(`supervision.stars.${dialog.kind}`)} · ${dialog.award.unitName} ${dialog.award.year} ${dialog.award.starName}`
        }
        okButtonProps={
          { loading: busy, danger: dialog?.kind === 'revoke', 'data-testid': 'dialog-ok' } as never
        }
        onOk={() => void submit()}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ outcome: 'revoke' }}>
          {dialog?.kind === 'review' && (
            <Form.Item name="outcome" label={t('supervision.stars.decide')}>
              <Radio.Group
                options={(['revoke', 'keep'] as const).map((o) => ({
                  value: o,
                  label: t(`supervision.stars.outcome.${o}`),
                }))}
              />
            </Form.Item>
          )}
          <Form.Item name="reason" label={t('supervision.stars.reason')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} data-testid="field-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
