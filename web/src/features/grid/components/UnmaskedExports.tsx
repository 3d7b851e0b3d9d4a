import { useState } from 'react';
import { App, Button, Card, Form, Input, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { gridContract, unmaskedExportCreateSchema, type UnmaskedExport } from '@fivestar/common';
import { ApiError, call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useCan } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { formatDateTime } from '../../../components/format';
import { schemaRule } from '../../../components/schemaRule';

const { routes } = gridContract;
const REASON = unmaskedExportCreateSchema.shape.reason;
const STATUS_COLOR = { pending: 'orange', approved: 'blue', downloaded: 'default' } as const;

/** Saves a file the browser received (the approved export comes from a POST, so no link can fetch it). */
function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A ledger's export with full ID numbers and phones: asked for with a reason (pii:export), approved by another
 * official (pii:approve), downloaded once by the one who asked. Shown to whoever may ask or approve.
 */
export function UnmaskedExports({
  ledger,
  period,
  fileName,
}: {
  ledger: 'disputes' | 'risks';
  period?: { from: string; to: string };
  fileName: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const mayAsk = can('pii:export');
  const mayApprove = can('pii:approve');
  const requests = useApiQuery(mayAsk || mayApprove ? routes.unmaskedExports : null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  if (!mayAsk && !mayApprove) return null;
  const mine = (requests.data ?? []).filter((r) => r.kind === ledger);

  const act = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await fn();
      message.success(done);
      requests.reload();
      return true;
    } catch (err) {
      if (err instanceof ApiError) {
        const reason = err.fields.find((f) => f.path === 'reason');
        if (reason) form.setFields([{ name: 'reason', errors: [reason.message] }]);
      }
      message.error(errorText(err, t));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const ask = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body = { kind: ledger, reason: v.reason, ...(ledger === 'disputes' ? period : {}) };
    if (await act(() => call(routes.requestUnmaskedExport, { body }), t('grid.unmasked.requested'))) {
      form.resetFields();
      setAsking(false);
    }
  };

  const actions = (r: UnmaskedExport) => {
    if (r.status === 'pending' && mayApprove && !r.mine)
      return (
        <Popconfirm
          title={t('grid.unmasked.approveConfirm', { name: r.requestedBy })}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            act(
              () => call(routes.approveUnmaskedExport, { params: { id: r.id } }),
              t('grid.unmasked.approved'),
            )
          }
        >
          <Button size="small" type="primary" disabled={busy} data-testid={`approve-export-${r.id}`}>
            {t('grid.unmasked.approve')}
          </Button>
        </Popconfirm>
      );
    if (r.status === 'approved' && r.mine)
      return (
        <Button
          size="small"
          type="primary"
          disabled={busy}
          data-testid={`download-export-${r.id}`}
          onClick={() =>
            act(async () => {
              save(await call(routes.downloadUnmaskedExport, { params: { id: r.id } }), fileName);
            }, t('grid.unmasked.downloaded'))
          }
        >
          {t('grid.unmasked.download')}
        </Button>
      );
    if (r.status === 'pending' && r.mine)
      return <Typography.Text type="secondary">{t('grid.unmasked.waiting')}</Typography.Text>;
    return null;
  };

  return (
    <Card
      size="small"
      title={t('grid.unmasked.title')}
      style={{ marginTop: 16 }}
      data-testid="unmasked-exports"
    >
      <Typography.Paragraph type="secondary">{t('grid.unmasked.intro')}</Typography.Paragraph>
      {mayAsk &&
        (asking ? (
          <Form form={form} layout="vertical" style={{ maxWidth: 560 }}>
            <Form.Item
              name="reason"
              label={t('grid.unmasked.reason')}
              rules={[
                { required: true, message: t('grid.unmasked.reasonRule') },
                schemaRule(REASON, t, t('grid.unmasked.reasonRule')),
              ]}
            >
              <Input.TextArea rows={2} maxLength={200} data-testid="unmasked-reason" />
            </Form.Item>
            <Space>
              <Button type="primary" loading={busy} onClick={() => void ask()} data-testid="unmasked-submit">
                {t('grid.unmasked.submit')}
              </Button>
              <Button onClick={() => setAsking(false)}>{t('common.cancel')}</Button>
            </Space>
          </Form>
        ) : (
          <Button onClick={() => setAsking(true)} data-testid="unmasked-request">
            {t('grid.unmasked.request')}
          </Button>
        ))}
      <List
        size="small"
        loading={requests.loading && !requests.data}
        dataSource={mine}
        locale={{ emptyText: t('grid.unmasked.none') }}
        renderItem={(r) => (
          <List.Item data-testid={`export-request-${r.id}`} actions={[actions(r)]}>
            <List.Item.Meta
              title={
                <Space wrap>
                  <Tag color={STATUS_COLOR[r.status]}>{t(`grid.unmasked.status.${r.status}`)}</Tag>
                  <span>{r.reason}</span>
                </Space>
              }
              description={
                <Space wrap size={[12, 0]}>
                  <span>
                    {t('grid.unmasked.requestedBy')}：{r.requestedBy}
                  </span>
                  <span>
                    {t('grid.unmasked.at')}：{formatDateTime(r.requestedAt)}
                  </span>
                  {r.approvedBy && (
                    <span>
                      {t('grid.unmasked.approvedBy')}：{r.approvedBy}
                    </span>
                  )}
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
