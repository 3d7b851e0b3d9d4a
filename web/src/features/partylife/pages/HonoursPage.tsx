import { useState } from 'react';
import { Link } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  type ButtonProps,
} from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { partylifeContract, type HonourRoundStatus } from '@fivestar/common';
import { call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { PageHeader } from '../../../components/PageHeader';

const R = partylifeContract.routes;
const NEXT = { nominating: 'review', reviewing: 'publish', publicity: 'award' } as const;

/** Honour rounds through their steps, and the registry. */
export default function HonoursPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const perms = me.permissions as string[];
  const manage = perms.includes('partylife:manage');
  const record = perms.includes('partylife:record');
  const village = ['village', 'community'].includes(me.unit.level);
  const rounds = useApiQuery(R.rounds, { query: {} });
  const [selected, setSelected] = useState<number | null>(null);
  const round = useApiQuery(selected ? R.round : null, { params: { id: selected ?? 0 } });
  const registry = useApiQuery(R.honours, { query: {} });
  const [creating, setCreating] = useState(false);
  const [nominating, setNominating] = useState(false);
  const [form] = Form.useForm();
  const [nomForm] = Form.useForm();

  const run = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      message.success(done);
      rounds.reload();
      round.reload();
      registry.reload();
      return true;
    } catch (err) {
      message.error(errorText(err, t));
      return false;
    }
  };

  const create = async () => {
    const v = (await form.validateFields()) as {
      title: string;
      kind: 'household' | 'village';
      quotaBase: number;
      quotaPer?: number;
    };
    const ok = await run(async () => {
      const r = await call(R.createRound, {
        body: {
          title: v.title,
          kind: v.kind,
          year: dayjs().year(),
          quotaBase: v.quotaBase,
          quotaPer: v.kind === 'household' ? (v.quotaPer ?? null) : null,
        },
      });
      setSelected(r.id);
    }, t('partylife.honours.created'));
    if (ok) setCreating(false);
  };

  const nominate = async () => {
    const v = (await nomForm.validateFields()) as { nominee: string; reason?: string };
    const ok = await run(
      () =>
        call(R.nominate, {
          params: { id: selected! },
          body: { unitId: me.unit.id, nominee: v.nominee, reason: v.reason ?? '' },
        }),
      t('partylife.honours.stepDone', { what: t('partylife.honours.nominate') }),
    );
    if (ok) setNominating(false);
  };

  const r = round.data;
  return (
    <div>
      <PageHeader
        title={t('partylife.honours.title')}
        subtitle={t('partylife.honours.subtitle')}
        extra={
          manage &&
          !village && (
            <Button
              type="primary"
              data-testid="round-add"
              onClick={() => {
                form.resetFields();
                setCreating(true);
              }}
            >
              {t('partylife.honours.add')}
            </Button>
          )
        }
      />
      <Table
        rowKey="id"
        size="small"
        data-testid="rounds-table"
        loading={rounds.loading}
        dataSource={rounds.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        // Opening the round already open reads it again: what the villages did meanwhile shows.
        onRow={(x) => ({
          onClick: () => (x.id === selected ? round.reload() : setSelected(x.id)),
          style: { cursor: 'pointer' },
        })}
        columns={[
          { title: t('partylife.year'), dataIndex: 'year' },
          {
            title: t('partylife.honours.name'),
            dataIndex: 'title',
            render: (v: string, x) => <a data-testid={`round-${x.id}`}>{v}</a>,
          },
          {
            title: t('partylife.honours.kindLabel'),
            dataIndex: 'kind',
            render: (v: 'household' | 'village') => t(`partylife.honours.kind.${v}`),
          },
          { title: t('partylife.honours.nominations'), dataIndex: 'nominations' },
          { title: t('partylife.honours.status.awarded'), dataIndex: 'awarded' },
          {
            title: '',
            dataIndex: 'status',
            render: (v: HonourRoundStatus) => <Tag>{t(`partylife.honours.status.${v}`)}</Tag>,
          },
        ]}
      />
      {r && (
        <Card
          style={{ marginTop: 16 }}
          data-testid="round-detail"
          title={`${r.year} ${r.title} · ${t(`partylife.honours.status.${r.status}`)}`}
          extra={
            <Space wrap>
              {r.publicityId && (
                <Link to={`/publicity/${r.publicityId}`}>{t('partylife.honours.viewNotice')}</Link>
              )}
              {record && village && r.status === 'nominating' && (
                <Button
                  data-testid="nominate"
                  onClick={() => {
                    nomForm.resetFields();
                    setNominating(true);
                  }}
                >
                  {t('partylife.honours.nominate')}
                </Button>
              )}
              {manage && !village && r.status !== 'awarded' && (
                <Button
                  type="primary"
                  data-testid="round-step"
                  onClick={() =>
                    void run(
                      () =>
                        call(R.roundStep, {
                          params: { id: r.id },
                          body: { action: NEXT[r.status as keyof typeof NEXT] },
                        }),
                      t('partylife.honours.stepDone', {
                        what: t(`partylife.honours.${NEXT[r.status as keyof typeof NEXT]}`),
                      }),
                    )
                  }
                >
                  {t(`partylife.honours.${NEXT[r.status as keyof typeof NEXT]}`)}
                </Button>
              )}
            </Space>
          }
        >
          {r.status === 'awarded' && (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="round-awarded"
              title={t('partylife.honours.awarded', {
                title: r.title,
                n: r.nominationList.filter((n) => n.status === 'awarded').length,
              })}
              description={t('partylife.honours.awardedNext', { year: r.year })}
            />
          )}
          <Space wrap style={{ marginBottom: 12 }}>
            {r.quotas.slice(0, 60).map((q) => (
              <Tag key={q.unitId} color={q.used >= q.quota ? 'gold' : undefined}>
                {q.unitName} {t('partylife.honours.quota', { used: q.used, quota: q.quota })}
              </Tag>
            ))}
          </Space>
          <List
            dataSource={r.nominationList}
            renderItem={(n) => (
              <List.Item
                data-testid={`nomination-${n.id}`}
                actions={[
                  record && n.status === 'nominated' && (
                    <Button
                      size="small"
                      key="rec"
                      data-testid={`recommend-${n.id}`}
                      onClick={() =>
                        void run(
                          () =>
                            call(R.nominationStep, { params: { id: n.id }, body: { action: 'recommend' } }),
                          t('partylife.honours.stepDone', { what: t('partylife.honours.recommend') }),
                        )
                      }
                    >
                      {t('partylife.honours.recommend')}
                    </Button>
                  ),
                  manage && n.status === 'recommended' && (
                    <Button
                      size="small"
                      key="ok"
                      data-testid={`approve-${n.id}`}
                      onClick={() =>
                        void run(
                          () => call(R.nominationStep, { params: { id: n.id }, body: { action: 'approve' } }),
                          t('partylife.honours.stepDone', { what: t('partylife.honours.approve') }),
                        )
                      }
                    >
                      {t('partylife.honours.approve')}
                    </Button>
                  ),
                  manage && ['nominated', 'recommended', 'approved'].includes(n.status) && (
                    <Button
                      size="small"
                      danger
                      key="no"
                      onClick={() =>
                        void run(
                          () => call(R.nominationStep, { params: { id: n.id }, body: { action: 'reject' } }),
                          t('partylife.honours.stepDone', { what: t('partylife.honours.reject') }),
                        )
                      }
                    >
                      {t('partylife.honours.reject')}
                    </Button>
                  ),
                ].filter(Boolean)}
              >
                <List.Item.Meta title={`${n.nominee} · ${n.unitName}`} description={n.reason} />
                <Tag>{t(`partylife.honours.nominationStatus.${n.status}`)}</Tag>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card style={{ marginTop: 16 }} title={t('partylife.honours.registry')}>
        <Table
          rowKey="id"
          size="small"
          data-testid="registry"
          dataSource={registry.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('partylife.year'), dataIndex: 'year' },
            { title: t('partylife.honours.name'), dataIndex: 'title' },
            { title: t('partylife.honours.holder'), dataIndex: 'holder' },
            { title: t('partylife.col.unit'), dataIndex: 'unitName' },
            { title: t('partylife.honours.awardedOn'), dataIndex: 'awardedOn' },
          ]}
        />
      </Card>
      <Modal
        open={creating}
        title={t('partylife.honours.add')}
        onCancel={() => setCreating(false)}
        onOk={() => void create()}
        okButtonProps={{ 'data-testid': 'round-ok' } as ButtonProps}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ kind: 'household', quotaBase: 1, quotaPer: 20 }}>
          <Form.Item
            name="title"
            label={t('partylife.honours.name')}
            rules={[{ required: true, message: t('partylife.required') }]}
          >
            <Input data-testid="round-title" maxLength={40} />
          </Form.Item>
          <Form.Item name="kind" label={t('partylife.honours.kindLabel')}>
            <Select
              options={(['household', 'village'] as const).map((k) => ({
                value: k,
                label: t(`partylife.honours.kind.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="quotaBase" label={t('partylife.honours.quotaBase')}>
            <InputNumber min={0} max={100} />
          </Form.Item>
          <Form.Item name="quotaPer" label={t('partylife.honours.quotaPer')}>
            <InputNumber min={1} max={1000} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={nominating}
        title={t('partylife.honours.nominate')}
        onCancel={() => setNominating(false)}
        onOk={() => void nominate()}
        okButtonProps={{ 'data-testid': 'nominate-ok' } as ButtonProps}
        destroyOnHidden
      >
        <Form form={nomForm} layout="vertical">
          <Form.Item
            name="nominee"
            label={t('partylife.honours.nominee')}
            rules={[{ required: true, message: t('partylife.required') }]}
          >
            <Input data-testid="nominee" maxLength={60} />
          </Form.Item>
          <Form.Item name="reason" label={t('partylife.honours.reason')}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
