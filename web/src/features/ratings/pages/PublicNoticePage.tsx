import { useState } from 'react';
import { Alert, Button, Card, Form, Input, List, Result, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { objectionCreateSchema, ratingsContract, type PublicNotice } from '@fivestar/common';
import { call, urlOf } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { formatDate } from '../../../components/format';
import { BrandMark } from '../../../components/BrandMark';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import { PublicRevocations } from '../../supervision';
import { schemaRule } from '../../../components/schemaRule';

const routes = ratingsContract.routes;
/** The objection form's fields, checked by the schema the server applies. */
const { content: contentSchema, contact: contactSchema } = objectionCreateSchema.shape;
const CONTENT_MAX = contentSchema.maxLength ?? undefined;
const CONTACT_MAX = contactSchema.unwrap().maxLength ?? undefined;

/** The public notice (公示): no sign-in, branch names and stars only, an objection form, the outcomes. */
export default function PublicNoticePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  return (
    <div style={{ maxWidth: 820, margin: '0 auto', padding: 16 }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 16 }}>
        <BrandMark size={28} />
        <Typography.Text strong style={{ flex: 1 }}>
          {t('app.name')}
        </Typography.Text>
        <LanguageSwitch size="small" />
      </div>
      {id ? <NoticeView id={Number(id)} /> : <NoticeList />}
    </div>
  );
}

function NoticeList() {
  const { t } = useTranslation();
  const { data, error } = useApiQuery(routes.publicNotices);
  if (error) return <Alert type="error" title={errorText(error, t)} />;
  return (
    <Card title={t('ratings.public.list')} variant="borderless">
      <List
        loading={!data}
        dataSource={data ?? []}
        locale={{ emptyText: t('ratings.public.none') }}
        renderItem={(n) => (
          <List.Item>
            <Link to={`/notice/${n.id}`}>{n.title}</Link>
            <Tag color={n.open ? 'purple' : 'default'}>
              {n.open ? t('ratings.notices.open') : t('ratings.notices.closed')}
            </Tag>
          </List.Item>
        )}
      />
    </Card>
  );
}

function NoticeView({ id }: { id: number }) {
  const { t } = useTranslation();
  const { data, error, reload } = useApiQuery(routes.publicNotice, { params: { id } });
  const [form] = Form.useForm<{ applicationId?: number; content: string; contact?: string }>();
  const [sent, setSent] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  if (error) return <Alert type="error" title={errorText(error, t)} />;
  if (!data) return <Card loading variant="borderless" />;
  const byBranch = new Map<string, PublicNotice['items']>();
  for (const it of data.items) byBranch.set(it.branchName, [...(byBranch.get(it.branchName) ?? []), it]);
  const send = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      await call(routes.object, { params: { id }, body: v });
      setSent(true);
      setSendError(null);
      reload();
    } catch (err) {
      setSendError(errorText(err, t));
    }
  };
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Card variant="borderless">
        <Typography.Title level={4} data-testid="notice-title">
          {data.title}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {data.unitName} · {t('ratings.notices.window')}：{formatDate(data.startsAt)} –{' '}
          {formatDate(Date.parse(data.endsAt) - 1)}{' '}
          <Tag color={data.open ? 'purple' : 'default'}>
            {data.open ? t('ratings.notices.open') : t('ratings.notices.closed')}
          </Tag>
        </Typography.Paragraph>
        <List
          data-testid="notice-items"
          dataSource={[...byBranch.entries()]}
          renderItem={([branch, items]) => (
            <List.Item>
              <Typography.Text strong>{branch}</Typography.Text>
              <span>
                {items.map((i) => (
                  <Tag key={i.applicationId} color="red">
                    {i.starName}
                  </Tag>
                ))}
              </span>
            </List.Item>
          )}
        />
        <a href={urlOf(routes.publicNoticePdf, { params: { id } })}>{t('ratings.notices.pdf')}</a>
      </Card>
      {data.objections.length > 0 && (
        <Card variant="borderless" title={t('ratings.public.outcome')}>
          <List
            size="small"
            dataSource={data.objections}
            renderItem={(o) => (
              <List.Item data-testid="public-objection">
                <Tag color={o.status === 'open' ? 'orange' : o.status === 'upheld' ? 'red' : 'green'}>
                  {t(`ratings.objectionStatus.${o.status}` as never)}
                </Tag>
                <span style={{ flex: 1 }}>{o.outcome ?? ''}</span>
              </List.Item>
            )}
          />
        </Card>
      )}
      <PublicRevocations />
      <Card variant="borderless" title={t('ratings.public.object')}>
        {!data.open ? (
          <Alert type="info" title={t('ratings.public.closedNote')} />
        ) : sent ? (
          <Result status="success" title={t('ratings.public.sent')} data-testid="objection-sent" />
        ) : (
          <Form form={form} layout="vertical">
            <Typography.Paragraph type="secondary">{t('ratings.public.objectHint')}</Typography.Paragraph>
            <Form.Item name="applicationId" label={t('ratings.public.target')}>
              <Select
                allowClear
                data-testid="objection-target"
                placeholder={t('ratings.public.whole')}
                options={data.items.map((i) => ({
                  value: i.applicationId,
                  label: `${i.branchName} · ${i.starName}`,
                }))}
              />
            </Form.Item>
            <Form.Item
              name="content"
              label={t('ratings.public.content')}
              rules={[
                { required: true, message: t('ratings.public.contentRule') },
                schemaRule(contentSchema, t, t('ratings.public.contentRule')),
              ]}
            >
              <Input.TextArea data-testid="objection-content" rows={4} maxLength={CONTENT_MAX} />
            </Form.Item>
            <Form.Item name="contact" label={t('ratings.public.contact')}>
              <Input maxLength={CONTACT_MAX} />
            </Form.Item>
            {sendError && <Alert type="error" title={sendError} style={{ marginBottom: 12 }} />}
            <Button type="primary" data-testid="objection-send" onClick={() => void send()}>
              {t('ratings.public.send')}
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
