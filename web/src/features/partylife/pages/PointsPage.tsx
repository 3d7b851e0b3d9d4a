import { useState } from 'react';
import { Link } from 'react-router';
import {
  App,
  Button,
  Card,
  Col,
  Input,
  InputNumber,
  Modal,
  Row,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { partylifeContract } from '@fivestar/common';
import { call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { PagedTable, usePaging } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';

const R = partylifeContract.routes;
type Tab = 'ranking' | 'claims' | 'notices';

/** Member points: rankings by branch and member, claims to decide, the quarterly 公示. */
export default function PointsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const manage = (me.permissions as string[]).includes('partylife:manage');
  const [tab, setTab] = useState<Tab>('ranking');
  const [year, setYear] = useState(dayjs().year());
  const [quarter, setQuarter] = useState<number | undefined>(undefined);
  const ranking = useApiQuery(tab === 'ranking' ? R.ranking : null, { query: { year, quarter } });
  const { paging, setPaging } = usePaging(20);
  const claims = useApiQuery(tab === 'claims' ? R.claims : null, { query: paging });
  const notices = useApiQuery(tab === 'notices' ? R.pointNotices : null, {});
  const [rejecting, setRejecting] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [pubQuarter, setPubQuarter] = useState(Math.max(1, Math.ceil((dayjs().month() + 1) / 3) - 1));

  const decide = async (id: number, approve: boolean) => {
    try {
      const c = await call(R.decideClaim, {
        params: { id },
        body: { approve, reason: approve ? '' : reason },
      });
      message.success(
        approve ? t('partylife.points.approved', { points: c.points }) : t('partylife.points.rejected'),
      );
      setRejecting(null);
      claims.reload();
    } catch (err) {
      message.error(errorText(err, t));
    }
  };
  const publish = async () => {
    try {
      const n = await call(R.publishPoints, { body: { year, quarter: pubQuarter } });
      message.success(t('partylife.points.published', { endsOn: n.endsOn }));
      notices.reload();
    } catch (err) {
      message.error(errorText(err, t));
    }
  };

  return (
    <div>
      <PageHeader title={t('partylife.points.title')} subtitle={t('partylife.points.subtitle')} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          value={tab}
          onChange={(v) => setTab(v as Tab)}
          options={(['ranking', 'claims', 'notices'] as const).map((k) => ({
            value: k,
            label: t(`partylife.points.${k}`),
          }))}
        />
        {t('partylife.year')}
        <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
        {tab === 'ranking' && (
          <Select
            allowClear
            placeholder={t('partylife.points.quarter')}
            style={{ width: 120 }}
            value={quarter}
            onChange={setQuarter}
            options={[1, 2, 3, 4].map((q) => ({ value: q, label: `Q${q}` }))}
          />
        )}
      </Space>
      {tab === 'ranking' && (
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card title={t('partylife.points.branchRank')} size="small">
              <Table
                rowKey="unitId"
                size="small"
                data-testid="branch-ranking"
                loading={ranking.loading}
                dataSource={ranking.data?.branches ?? []}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={[
                  { title: t('partylife.points.rank'), dataIndex: 'rank' },
                  { title: t('partylife.col.unit'), dataIndex: 'unitName' },
                  { title: t('partylife.points.members'), dataIndex: 'members' },
                  { title: t('partylife.points.total'), dataIndex: 'total' },
                  { title: t('partylife.points.average'), dataIndex: 'average' },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('partylife.points.memberRank')} size="small">
              <Table
                rowKey="personId"
                size="small"
                data-testid="member-ranking"
                loading={ranking.loading}
                dataSource={ranking.data?.members ?? []}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={[
                  { title: t('partylife.points.rank'), dataIndex: 'rank' },
                  { title: t('partylife.col.member'), dataIndex: 'name' },
                  { title: t('partylife.col.unit'), dataIndex: 'unitName' },
                  { title: t('partylife.points.points'), dataIndex: 'points' },
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}
      {tab === 'claims' && (
        <PagedTable
          testId="claims-table"
          result={claims}
          paging={paging}
          onPaging={setPaging}
          columns={[
            { title: t('partylife.points.earnedOn'), dataIndex: 'earnedOn' },
            { title: t('partylife.col.member'), dataIndex: 'personName' },
            { title: t('partylife.col.unit'), dataIndex: 'unitName' },
            { title: t('partylife.points.rule'), dataIndex: 'ruleName' },
            { title: t('partylife.points.note'), dataIndex: 'note' },
            { title: t('partylife.points.points'), dataIndex: 'points' },
            {
              title: '',
              key: 'status',
              render: (_: unknown, c: { id: number; status: 'pending' | 'credited' | 'rejected' }) =>
                c.status === 'pending' && manage ? (
                  <Space>
                    <Button size="small" type="primary" onClick={() => void decide(c.id, true)}>
                      {t('partylife.points.approve')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      onClick={() => {
                        setReason('');
                        setRejecting(c.id);
                      }}
                    >
                      {t('partylife.points.reject')}
                    </Button>
                  </Space>
                ) : (
                  <Tag>{t(`partylife.points.status.${c.status}`)}</Tag>
                ),
            },
          ]}
        />
      )}
      {tab === 'notices' && (
        <>
          {manage && me.unit.level === 'township' && (
            <Space style={{ marginBottom: 12 }}>
              <Select
                value={pubQuarter}
                onChange={setPubQuarter}
                style={{ width: 100 }}
                options={[1, 2, 3, 4].map((q) => ({ value: q, label: `Q${q}` }))}
              />
              <Button type="primary" onClick={() => void publish()}>
                {t('partylife.points.publish')}
              </Button>
            </Space>
          )}
          <Table
            rowKey="id"
            size="small"
            loading={notices.loading}
            dataSource={notices.data ?? []}
            pagination={false}
            columns={[
              { title: t('partylife.year'), dataIndex: 'year' },
              { title: t('partylife.points.quarter'), dataIndex: 'quarter', render: (q: number) => `Q${q}` },
              { title: t('partylife.points.members'), dataIndex: 'members' },
              {
                title: '',
                dataIndex: 'status',
                render: (s: 'open' | 'ended') => <Tag>{t(`partylife.points.noticeStatus.${s}`)}</Tag>,
              },
              { title: t('partylife.points.objections'), dataIndex: 'openObjections' },
              {
                title: '',
                dataIndex: 'publicityId',
                render: (id: number) => <Link to={`/publicity/${id}`}>{t('partylife.points.view')}</Link>,
              },
            ]}
          />
        </>
      )}
      <Modal
        open={rejecting !== null}
        title={t('partylife.points.rejectReason')}
        onCancel={() => setRejecting(null)}
        onOk={() => rejecting && void decide(rejecting, false)}
        destroyOnHidden
      >
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
      </Modal>
    </div>
  );
}
