import { useState } from 'react';
import { Alert, Button, Card, Form, Input, List, Result, Segmented, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { publicityContract, publicityObjectionCreateSchema, type PublicityStatus } from '@fivestar/common';
import { call } from '../../../api/client';
import { applyFieldErrors, errorText, validated } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { BrandMark } from '../../../components/BrandMark';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import { maxLengthOf, schemaRule } from '../../../components/schemaRule';
import { formatDay, STATUS_COLOR } from '../components/format';

const routes = publicityContract.routes;
const { reason: REASON, contact: CONTACT } = publicityObjectionCreateSchema.shape;

/** The public notices (公示): no sign-in, nothing personal; a notice, its answers and the objection form. */
export default function PublicPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  return (
    <div style={{ maxWidth: 820, margin: '0 auto', padding: 16 }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 16, flexWrap: 'wrap' }}>
        <BrandMark size={28} />
        <Typography.Text strong style={{ flex: 1 }}>
          {t('app.name')}
        </Typography.Text>
        <Link to="/login">{t('publicity.public.signIn')}</Link>
        <LanguageSwitch size="small" />
      </div>
      {id ? <NoticeView id={Number(id)} /> : <NoticeList />}
    </div>
  );
}

function StatusTag({ status }: { status: PublicityStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'open' ? 'purple' : 'default'} data-testid="notice-status">
      {t(`publicity.public.status.${status}`)}
    </Tag>
  );
}

function NoticeList() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<PublicityStatus | 'all'>('all');
  const [paging, setPaging] = useState({ page: 1, pageSize: 10 });
  const { data, error, loading } = useApiQuery(routes.notices, {
    query: { ...(status === 'all' ? {} : { status }), ...paging },
  });
  return (
    <Card title={t('publicity.public.title')} variant="borderless">
      <Typography.Paragraph type="secondary">{t('publicity.public.intro')}</Typography.Paragraph>
      <Segmented
        value={status}
        onChange={(v) => {
          setStatus(v as PublicityStatus | 'all');
          setPaging((p) => ({ ...p, page: 1 }));
        }}
        options={[
          { value: 'all', label: t('publicity.public.all') },
          { value: 'open', label: t('publicity.public.status.open') },
          { value: 'ended', label: t('publicity.public.status.ended') },
        ]}
        style={{ marginBottom: 8 }}
      />
      {error && <Alert type="error" title={errorText(error, t)} />}
      <List
        data-testid="notice-list"
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('publicity.public.none') }}
        pagination={
          (data?.total ?? 0) > paging.pageSize
            ? {
                current: paging.page,
                pageSize: paging.pageSize,
                total: data?.total,
                onChange: (page) => setPaging((p) => ({ ...p, page })),
              }
            : false
        }
        renderItem={(n) => (
          <List.Item>
            <div style={{ display: 'flex', flexDirection: 'column', gap: 4, minWidth: 0 }}>
              <Link to={`/publicity/${n.id}`}>{n.title}</Link>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {n.unitName} ·{' '}
                {t('publicity.public.window', {
                  from: formatDay(n.startsOn),
                  to: formatDay(n.endsOn),
                  days: n.workingDays,
                })}{' '}
                · {t('publicity.public.items', { count: n.items })}
                {n.objections > 0 && ` · ${t('publicity.public.objections', { count: n.objections })}`}
              </Typography.Text>
            </div>
            <StatusTag status={n.status} />
          </List.Item>
        )}
      />
    </Card>
  );
}

function NoticeView({ id }: { id: number }) {
  const { t } = useTranslation();
  const { data, error, reload } = useApiQuery(routes.notice, { params: { id } });
  const [form] = Form.useForm<{ itemRef?: string; reason: string; contact?: string }>();
  const [sent, setSent] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  if (error) return <Alert type="error" title={errorText(error, t)} />;
  if (!data) return <Card loading variant="borderless" />;
  const send = async () => {
    const v = await validated(form);
    if (!v) return;
    setSending(true);
    try {
      await call(routes.object, {
        params: { id },
        body: {
          reason: v.reason,
          ...(v.itemRef ? { itemRef: v.itemRef } : {}),
          ...(v.contact ? { contact: v.contact } : {}),
        },
      });
      setSent(true);
      setSendError(null);
      form.resetFields();
      reload();
    } catch (err) {
      if (!applyFieldErrors(form, err)) setSendError(errorText(err, t));
    } finally {
      setSending(false);
    }
  };
  const to = formatDay(data.endsOn);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Link to="/publicity">← {t('publicity.public.back')}</Link>
      <Card variant="borderless">
        <Typography.Title level={4} data-testid="notice-title">
          {data.title}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {data.unitName} ·{' '}
          {t('publicity.public.window', { from: formatDay(data.startsOn), to, days: data.workingDays })}{' '}
          <StatusTag status={data.status} />
        </Typography.Paragraph>
        <Alert
          type={data.status === 'open' ? 'info' : 'warning'}
          showIcon
          data-testid="notice-state"
          title={
            data.status === 'open'
              ? t('publicity.public.openNow', { to })
              : t('publicity.public.endedNow', { to })
          }
          style={{ marginBottom: 12 }}
        />
        {data.summary && (
          <Typography.Paragraph style={{ whiteSpace: 'pre-line' }}>{data.summary}</Typography.Paragraph>
        )}
        <Typography.Title level={5}>{t('publicity.public.listTitle')}</Typography.Title>
        <List
          data-testid="notice-items"
          size="small"
          dataSource={data.itemList}
          renderItem={(it, i) => (
            <List.Item>
              <Typography.Text>
                {i + 1}. <Typography.Text strong>{it.label}</Typography.Text>
              </Typography.Text>
              {it.detail && <Typography.Text type="secondary">{it.detail}</Typography.Text>}
            </List.Item>
          )}
        />
      </Card>
      {data.objectionList.length > 0 && (
        <Card variant="borderless" title={t('publicity.public.outcomes')}>
          <List
            size="small"
            dataSource={data.objectionList}
            renderItem={(o) => (
              <List.Item data-testid="public-objection">
                <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
                  <span>
                    <Tag color={STATUS_COLOR[o.status]}>{t(`publicity.objStatus.${o.status}`)}</Tag>
                    {o.itemLabel ?? t('publicity.public.whole')}
                  </span>
                  <Typography.Text type={o.reply ? undefined : 'secondary'}>
                    {o.reply ?? t('publicity.public.noReply')}
                  </Typography.Text>
                </div>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card variant="borderless" title={t('publicity.public.object')}>
        {data.status !== 'open' ? (
          <Alert type="info" title={t('publicity.public.closedNote')} />
        ) : sent ? (
          <Result
            status="success"
            title={t('publicity.public.sent')}
            subTitle={t('publicity.public.sentNext')}
            data-testid="objection-sent"
            extra={<Button onClick={() => setSent(false)}>{t('publicity.public.another')}</Button>}
          />
        ) : (
          <Form form={form} layout="vertical" name="objection">
            <Typography.Paragraph type="secondary">{t('publicity.public.objectHint')}</Typography.Paragraph>
            <Form.Item name="itemRef" label={t('publicity.public.target')}>
              <Select
                allowClear
                data-testid="objection-target"
                placeholder={t('publicity.public.whole')}
                options={data.itemList.map((i) => ({ value: i.ref, label: i.label }))}
              />
            </Form.Item>
            <Form.Item
              name="reason"
              label={t('publicity.public.reason')}
              rules={[
                { required: true, whitespace: true, message: t('publicity.public.reasonRule') },
                schemaRule(REASON, t, t('publicity.public.reasonRule')),
              ]}
            >
              <Input.TextArea
                data-testid="objection-reason"
                rows={4}
                maxLength={maxLengthOf(REASON)}
                showCount
              />
            </Form.Item>
            <Form.Item name="contact" label={t('publicity.public.contact')}>
              <Input data-testid="objection-contact" maxLength={maxLengthOf(CONTACT)} />
            </Form.Item>
            {sendError && <Alert type="error" title={sendError} style={{ marginBottom: 12 }} />}
            <Button type="primary" loading={sending} data-testid="objection-send" onClick={() => void send()}>
              {t('publicity.public.send')}
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
