import { useState } from 'react';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Modal,
  Segmented,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { linksContract, type HouseholdLink } from '@fivestar/common';
import { call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { PagedTable, usePaging } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';

const R = linksContract.routes;

/** Linked cadres and member–household links; a member logs a visit from the phone in two taps. */
export default function LinksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const phone = !Grid.useBreakpoint().md;
  const canVisit = (me.permissions as string[]).includes('links:visit');
  const [tab, setTab] = useState<'cadres' | 'households' | 'mine'>('cadres');
  const cadres = useApiQuery(tab === 'cadres' ? R.cadres : null, { query: {} });
  const { paging, setPaging } = usePaging(20);
  const households = useApiQuery(tab === 'cadres' ? null : R.households, {
    query: { ...paging, ...(tab === 'mine' ? { mine: true } : {}) },
  });
  const [visiting, setVisiting] = useState<HouseholdLink | null>(null);
  const [form] = Form.useForm();

  const saveVisit = async () => {
    if (!visiting) return;
    const v = (await form.validateFields()) as { visitedOn: Dayjs; note: string };
    try {
      await call(R.logVisit, {
        params: { id: visiting.id },
        body: { visitedOn: v.visitedOn.format('YYYY-MM-DD'), note: v.note },
      });
      message.success(t('links.visitSaved'));
      setVisiting(null);
      form.resetFields();
      households.reload();
    } catch (err) {
      message.error(errorText(err, t));
    }
  };

  return (
    <div>
      <PageHeader title={t('links.title')} subtitle={phone ? undefined : t('links.subtitle')} />
      <Segmented
        style={{ marginBottom: 16 }}
        value={tab}
        onChange={(v) => setTab(v as 'cadres')}
        options={(['cadres', 'households', 'mine'] as const).map((k) => ({
          value: k,
          label: <span data-testid={`tab-${k}`}>{t(`links.tabs.${k}`)}</span>,
        }))}
      />
      {tab === 'cadres' ? (
        <Table
          rowKey="id"
          size="small"
          data-testid="cadres-table"
          loading={cadres.loading}
          dataSource={cadres.data}
          pagination={{ pageSize: 20, size: 'small' }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('links.col.village'), dataIndex: 'unitName' },
            {
              title: t('links.col.kind'),
              dataIndex: 'kind',
              render: (k: 'village' | 'section') => <Tag>{t(`links.kind.${k}`)}</Tag>,
            },
            { title: t('links.col.cadre'), dataIndex: 'cadreName' },
            { title: t('links.col.section'), dataIndex: 'section' },
            { title: t('links.col.since'), dataIndex: 'since' },
          ]}
        />
      ) : phone ? (
        <List<HouseholdLink>
          loading={households.loading}
          dataSource={households.data?.items}
          locale={{ emptyText: <Empty description={t('links.empty')} /> }}
          renderItem={(h) => (
            <Card size="small" style={{ marginBottom: 10 }} data-testid={`household-${h.id}`}>
              <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                <div style={{ flex: 1 }}>
                  <div style={{ fontSize: 16, fontWeight: 500 }}>{h.household}</div>
                  <Typography.Text type="secondary">
                    {h.unitName} · {h.memberName} · {t('links.col.visits')} {h.visits}
                    {h.lastVisitOn && ` · ${h.lastVisitOn}`}
                  </Typography.Text>
                </div>
                {canVisit && (
                  <Button
                    type="primary"
                    size="large"
                    onClick={() => setVisiting(h)}
                    data-testid={`visit-${h.id}`}
                  >
                    {t('links.visit')}
                  </Button>
                )}
              </div>
            </Card>
          )}
        />
      ) : (
        <PagedTable<HouseholdLink>
          testId="households-table"
          result={households}
          paging={paging}
          onPaging={setPaging}
          columns={[
            { title: t('links.col.village'), dataIndex: 'unitName' },
            { title: t('links.col.member'), dataIndex: 'memberName' },
            { title: t('links.col.household'), dataIndex: 'household' },
            { title: t('links.col.address'), dataIndex: 'address' },
            { title: t('links.col.visits'), dataIndex: 'visits' },
            { title: t('links.col.last'), dataIndex: 'lastVisitOn' },
            {
              title: '',
              key: 'a',
              render: (_: unknown, h) =>
                canVisit && (
                  <Button size="small" onClick={() => setVisiting(h)} data-testid={`visit-${h.id}`}>
                    {t('links.visit')}
                  </Button>
                ),
            },
          ]}
        />
      )}
      <Modal
        open={visiting !== null}
        title={visiting && `${t('links.visit')} · ${visiting.household}`}
        onOk={() => void saveVisit()}
        onCancel={() => setVisiting(null)}
        okButtonProps={{ 'data-testid': 'dialog-ok' } as never}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ visitedOn: dayjs() }}>
          <Form.Item name="visitedOn" label={t('links.visitDate')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="note" label={t('links.visitNote')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} data-testid="field-note" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
