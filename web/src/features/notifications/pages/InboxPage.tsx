import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  List,
  Segmented,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { notificationsContract } from '@fivestar/common';
import { call } from '../../../api/client';
import { applyFieldErrors, errorText } from '../../../api/errors';
import { useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { PageHeader } from '../../../components/PageHeader';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';

const R = notificationsContract.routes;

/** The inbox (every user) and, for unit administrators, the unit's webhook with its delivery log. */
export default function InboxPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const admin = (me.permissions as string[]).includes('notify:admin');
  const [tab, setTab] = useState<'inbox' | 'hooks'>('inbox');
  const [unread, setUnread] = useState(false);
  const inbox = useApiQuery(R.inbox, {
    query: { page: 1, pageSize: 50, ...(unread ? { unread: true } : {}) },
  });
  const hooks = useApiQuery(admin && tab === 'hooks' ? R.hooks : null);
  const log = useApiQuery(admin && tab === 'hooks' ? R.deliveries : null, {
    query: { page: 1, pageSize: 20 },
  });
  const [form] = Form.useForm();

  const open = async (n: { id: number; path: string | null; readAt: number | null }) => {
    if (n.readAt === null) await call(R.read, { params: { id: n.id } }).catch(() => undefined);
    if (n.path) void navigate(n.path);
    else inbox.reload();
  };
  const saveHook = async () => {
    const v = (await form.validateFields()) as {
      unitId: number;
      url: string;
      secret?: string;
      enabled: boolean;
    };
    try {
      await call(R.putHook, { body: { ...v, secret: v.secret || undefined } });
      message.success(t('notifications.hook.saved'));
      hooks.reload();
    } catch (err) {
      if (!applyFieldErrors(form, err)) message.error(errorText(err, t));
    }
  };

  return (
    <div>
      <PageHeader title={t('notifications.title')} />
      {admin && (
        <Segmented
          style={{ marginBottom: 16 }}
          value={tab}
          onChange={(v) => setTab(v as 'inbox')}
          options={[
            { value: 'inbox', label: t('notifications.inbox') },
            { value: 'hooks', label: <span data-testid="tab-hooks">{t('notifications.hooks')}</span> },
          ]}
        />
      )}
      {tab === 'inbox' ? (
        <Card
          variant="borderless"
          extra={
            <Space>
              <Switch checked={unread} onChange={setUnread} /> {t('notifications.unreadOnly')}
              <Button
                onClick={() =>
                  void call(R.readAll).then(
                    () => inbox.reload(),
                    (err: unknown) => message.error(errorText(err, t)),
                  )
                }
              >
                {t('notifications.readAll')}
              </Button>
            </Space>
          }
        >
          <List
            data-testid="inbox"
            loading={inbox.loading}
            dataSource={inbox.data?.items}
            locale={{ emptyText: <Empty description={t('notifications.empty')} /> }}
            renderItem={(n) => (
              <List.Item
                style={{ cursor: 'pointer', minHeight: 56 }}
                onClick={() => void open(n)}
                data-testid={`message-${n.id}`}
              >
                <List.Item.Meta
                  title={
                    <span style={{ fontWeight: n.readAt === null ? 600 : 400 }}>
                      {n.readAt === null && <Tag color="red">●</Tag>}
                      {n.title}
                    </span>
                  }
                  description={
                    <>
                      <div>{n.body}</div>
                      <Typography.Text type="secondary">
                        {new Date(n.createdAt).toLocaleString()}
                      </Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} size={16}>
          <Card variant="borderless">
            <Typography.Paragraph type="secondary">{t('notifications.hook.intro')}</Typography.Paragraph>
            <Form
              form={form}
              layout="vertical"
              initialValues={{ unitId: me.unit.id, enabled: true }}
              style={{ maxWidth: 560 }}
            >
              <Form.Item name="unitId" label={t('notifications.hook.unit')} rules={[{ required: true }]}>
                <UnitTreeSelect />
              </Form.Item>
              <Form.Item name="url" label={t('notifications.hook.url')} rules={[{ required: true }]}>
                <Input placeholder="https://oapi.dingtalk.com/robot/send?access_token=…" />
              </Form.Item>
              <Form.Item name="secret" label={t('notifications.hook.secret')}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item name="enabled" label={t('notifications.hook.enabled')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Button type="primary" onClick={() => void saveHook()}>
                {t('notifications.hook.save')}
              </Button>
            </Form>
            <List
              style={{ marginTop: 16 }}
              dataSource={hooks.data}
              renderItem={(h) => (
                <List.Item
                  actions={[
                    <Button
                      key="test"
                      onClick={() =>
                        void call(R.testHook, { params: { id: h.id } }).then(
                          () => {
                            message.success(t('notifications.hook.tested'));
                            log.reload();
                          },
                          (err: unknown) => message.error(errorText(err, t)),
                        )
                      }
                    >
                      {t('notifications.hook.test')}
                    </Button>,
                  ]}
                >
                  <List.Item.Meta title={h.unitName} description={h.url} />
                  {h.enabled ? <Tag color="green">{t('notifications.hook.enabled')}</Tag> : <Tag>—</Tag>}
                </List.Item>
              )}
            />
          </Card>
          <Card variant="borderless" title={t('notifications.hook.log')}>
            <Table
              rowKey="id"
              size="small"
              dataSource={log.data?.items}
              pagination={false}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: '#', dataIndex: 'id' },
                { title: t('notifications.hook.col.kind'), dataIndex: 'kind' },
                {
                  title: t('notifications.hook.col.status'),
                  dataIndex: 'status',
                  render: (s: 'pending' | 'delivered' | 'failed') => (
                    <Tag color={s === 'delivered' ? 'green' : s === 'failed' ? 'red' : 'orange'}>
                      {t(`notifications.hook.status.${s}`)}
                    </Tag>
                  ),
                },
                {
                  title: t('notifications.hook.col.attempts'),
                  dataIndex: 'attempts',
                  render: (n: number) => t('notifications.hook.attempts', { count: n }),
                },
                {
                  title: t('notifications.hook.col.result'),
                  dataIndex: 'lastError',
                  render: (e: string | null, r) => e ?? r.lastStatus,
                },
                {
                  title: t('notifications.hook.col.at'),
                  dataIndex: 'createdAt',
                  render: (v: number) => new Date(v).toLocaleString(),
                },
              ]}
            />
          </Card>
        </Space>
      )}
    </div>
  );
}
