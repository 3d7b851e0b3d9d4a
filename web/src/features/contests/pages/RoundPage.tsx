import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { contestsContract, type Sheet } from '@fivestar/common';
import { call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { PageHeader } from '../../../components/PageHeader';
import { BracketCard } from '../components/BracketCard';
import type { CreatedState } from '../components/RoundForm';

const R = contestsContract.routes;

/** A round: its units in lot order, judges and their progress, the sheets; the chair corrects and closes here. */
export default function RoundPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const id = Number(useParams().id);
  const round = useApiQuery(R.get, { params: { id } });
  const sheets = useApiQuery(R.sheets, { params: { id }, query: {} });
  const [correcting, setCorrecting] = useState<Sheet | null>(null);
  const [form] = Form.useForm();
  const [done, setDone] = useState<string | null>(null);
  // a round just created: its guest accounts, shown this once (then dropped from the history entry)
  const location = useLocation();
  const navigate = useNavigate();
  const [guests] = useState(() => (location.state as CreatedState | null)?.guestAccounts ?? []);
  useEffect(() => {
    if ((location.state as CreatedState | null)?.guestAccounts)
      void navigate(location.pathname, { replace: true, state: null });
  }, [location, navigate]);
  const r = round.data;
  if (!r) return null;
  const missing = r.expected - r.sheets;
  const stage = r.stages[0]!;
  const nameOf = (code: string) =>
    r.stages.flatMap((s) => s.criteria).find((c) => c.code === code)?.name ?? code;

  const close = () =>
    modal.confirm({
      title: t('contests.close'),
      content: t('contests.closeConfirm'),
      onOk: async () => {
        try {
          const res = await call(R.close, { params: { id } });
          setDone(t('contests.closedDone', res));
          round.reload();
        } catch (err) {
          message.error(errorText(err, t));
        }
      },
    });

  const saveCorrection = async () => {
    if (!correcting) return;
    const v = (await form.validateFields()) as { reason: string; scores: Record<string, number> };
    try {
      await call(R.correct, {
        params: { id, sheetId: correcting.id },
        body: {
          reason: v.reason,
          criteria: Object.entries(v.scores)
            .filter(([code, score]) => correcting.criteria.find((c) => c.code === code)?.score !== score)
            .map(([code, score]) => ({ code, score })),
        },
      });
      message.success(t('contests.correctedDone'));
      setCorrecting(null);
      sheets.reload();
    } catch (err) {
      message.error(errorText(err, t));
    }
  };

  return (
    <div>
      <PageHeader
        title={r.name}
        subtitle={`${r.date} · ${r.unitName} · ${t('contests.chair', { name: r.chairName })} · ${t(`contests.method.${r.method}`)}`}
        extra={
          <Space>
            <Link to={`/contests/${id}/results`} data-testid="to-results">
              <Button>{t('contests.results')}</Button>
            </Link>
            {r.isChair && r.status === 'open' && r.units > 0 && (
              <Button type="primary" danger data-testid="round-close" onClick={close}>
                {t('contests.close')}
              </Button>
            )}
          </Space>
        }
      />
      {guests.length > 0 && (
        <Alert
          type="warning"
          showIcon
          closable
          style={{ marginBottom: 12 }}
          data-testid="guest-accounts"
          title={t('contests.form.guestAccounts')}
          description={guests.map((g) => (
            <div key={g.username}>
              <Typography.Text copyable={{ text: `${g.username} ${g.password}` }}>
                {t('contests.form.guestAccount', g)}
              </Typography.Text>
            </div>
          ))}
        />
      )}
      {done && (
        <Alert type="success" showIcon title={done} style={{ marginBottom: 12 }} data-testid="round-closed" />
      )}
      {r.status === 'open' && r.units > 0 && (
        <Alert
          type={missing > 0 ? 'info' : 'success'}
          showIcon
          style={{ marginBottom: 12 }}
          title={missing > 0 ? t('contests.notAllIn', { n: missing }) : t('contests.allIn')}
        />
      )}
      <Typography.Paragraph type="secondary">
        {t('contests.lotSeed', { seed: r.lotSeed })}
      </Typography.Paragraph>
      {r.feedsInto.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="feeds-into"
          title={
            <span>
              {t('contests.bracket.feeds')}{' '}
              {r.feedsInto.map((f) => (
                <Link key={f.id} to={`/contests/${f.id}`} style={{ marginRight: 8 }}>
                  {f.name}
                </Link>
              ))}
            </span>
          }
        />
      )}
      {r.bracket && (
        <BracketCard
          round={r}
          onAdvanced={() => {
            round.reload();
            sheets.reload();
          }}
        />
      )}
      <Card size="small" title={t('contests.judgesTitle')} style={{ marginBottom: 12 }}>
        <Table
          rowKey="userId"
          size="small"
          pagination={false}
          dataSource={r.roundJudges}
          columns={[
            { title: t('contests.col.judge'), dataIndex: 'name' },
            { title: t('contests.col.kind'), render: (_, j) => t(`contests.judgeKind.${j.kind}`) },
            { title: t('contests.col.assigned'), dataIndex: 'assigned' },
            { title: t('contests.col.submitted'), dataIndex: 'submitted' },
          ]}
        />
      </Card>
      <Card size="small" title={t('contests.sheetsTitle')} style={{ marginBottom: 12 }}>
        <Table<Sheet>
          rowKey="id"
          size="small"
          data-testid="sheets-table"
          dataSource={sheets.data ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('contests.col.village'), dataIndex: 'unitName' },
            { title: t('contests.col.judge'), dataIndex: 'judgeName' },
            {
              title: t('contests.col.total'),
              render: (_, s) => (
                <span>
                  {s.total}{' '}
                  {s.criteria.some((c) => c.originalScore !== null) && (
                    <Tag color="orange">
                      {t('contests.corrected', {
                        old: s.criteria.reduce((a, c) => a + (c.originalScore ?? c.score), 0),
                      })}
                    </Tag>
                  )}
                </span>
              ),
            },
            {
              title: '',
              render: (_, s) =>
                r.isChair && r.status === 'open' ? (
                  <Button
                    size="small"
                    onClick={() => {
                      form.setFieldsValue({
                        reason: '',
                        scores: Object.fromEntries(s.criteria.map((c) => [c.code, c.score])),
                      });
                      setCorrecting(s);
                    }}
                  >
                    {t('contests.correct')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('contests.unitsTitle')}>
        <Table
          data-testid="round-units"
          rowKey="unitId"
          size="small"
          pagination={{ pageSize: 20 }}
          dataSource={r.roundUnits}
          columns={[
            { title: t('contests.col.order'), dataIndex: 'lotOrder', width: 90 },
            { title: t('contests.col.village'), dataIndex: 'name' },
            { title: t('contests.col.judges'), render: (_, u) => u.judges.length },
            { title: t('contests.col.sheets'), dataIndex: 'sheets' },
          ]}
        />
      </Card>
      <Modal
        open={correcting !== null}
        title={
          correcting
            ? t('contests.correctTitle', { judge: correcting.judgeName, village: correcting.unitName })
            : ''
        }
        onCancel={() => setCorrecting(null)}
        onOk={() => void saveCorrection()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          {(r.stages.find((s) => s.code === correcting?.stage) ?? stage).criteria.map((c) => (
            <Form.Item
              key={c.code}
              name={['scores', c.code]}
              label={`${nameOf(c.code)}（${t('contests.criterionMax', { max: c.max })}）`}
            >
              <InputNumber min={0} max={c.max} step={0.5} />
            </Form.Item>
          ))}
          <Form.Item
            name="reason"
            label={t('contests.correctReason')}
            rules={[{ required: true, min: 2, message: t('contests.correctReasonRequired') }]}
          >
            <Input data-testid="correct-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
