import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { ratingsContract, type Indicator, type Standard, type StandardDefinition } from '@fivestar/common';
import { ApiError, call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { AddIndicatorModal } from '../components/AddIndicatorModal';
import { RatingsTabs } from '../components/RatingsTabs';
import {
  addIndicator,
  indicatorErrors,
  moveIndicator,
  removeIndicator,
  type IndicatorFieldError,
} from '../indicatorDraft';

const routes = ratingsContract.routes;

/**
 * The star standards by year and branch kind; the county edits drafts (fields, adds/removes/reorders indicators)
 * and publishes them (then immutable). The server validates on save; its field errors are shown on the indicator.
 */
export default function StandardsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const canEdit = (me.permissions as string[]).includes('standard:edit');
  const { data, error, reload } = useApiQuery(routes.standards, { query: {} });
  const [selected, setSelected] = useState<number | null>(null);
  const [def, setDef] = useState<StandardDefinition | null>(null);
  const [adding, setAdding] = useState(false);
  const [indErrors, setIndErrors] = useState<Record<string, IndicatorFieldError[]>>({});
  // Every reader sees a derived indicator's fact by its name, never its code.
  const facts = useApiQuery(routes.facts).data ?? [];
  const std = data?.find((s) => s.id === selected) ?? data?.[0];
  useEffect(() => {
    setDef(std ? structuredClone(std.definition) : null);
    setIndErrors({});
  }, [std]);
  if (error) return <Alert type="error" title={errorText(error, t)} />;
  const draft = canEdit && std?.status === 'draft';
  const act = async (fn: () => Promise<Standard>, ok: string, sent?: StandardDefinition) => {
    try {
      const s = await fn();
      message.success(ok);
      setIndErrors({});
      setSelected(s.id);
      reload();
    } catch (err) {
      if (sent && err instanceof ApiError) setIndErrors(indicatorErrors(sent, err.fields).byCode);
      message.error(errorText(err, t));
    }
  };
  const clearErrors = (code: string) =>
    setIndErrors((e) => {
      if (!e[code]) return e;
      const rest = { ...e };
      delete rest[code];
      return rest;
    });
  const nextYear = Math.max(...(data ?? []).map((s) => s.year), new Date().getFullYear()) + 1;
  const setInd = (code: string, patch: Partial<Indicator>) => {
    clearErrors(code);
    setDef((d) =>
      d ? { ...d, indicators: d.indicators.map((i) => (i.code === code ? { ...i, ...patch } : i)) } : d,
    );
  };
  const starName = new Map(def?.stars.map((s) => [s.code, s.name]));
  const factName = new Map(facts.map((f) => [f.code, i18n.language.startsWith('en') ? f.nameEn : f.nameZh]));
  const fieldLabel = (field: string) => {
    const key = FIELD_LABELS[field];
    return key ? t(key as never) : field;
  };
  const errStatus = (code: string, field: string) =>
    indErrors[code]?.some((e) => e.field === field) ? ('error' as const) : undefined;
  return (
    <div>
      <RatingsTabs />
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('ratings.standards.title')}
        </Typography.Title>
        <Select
          style={{ width: 220 }}
          data-testid="standard-select"
          value={std?.id}
          onChange={setSelected}
          options={(data ?? []).map((s) => ({
            value: s.id,
            label: `${s.year} · ${t(`ratings.standards.kind.${s.branchKind}` as never)} · ${t(`ratings.standards.${s.status}` as never)}`,
          }))}
        />
        {canEdit &&
          (['rural', 'urban'] as const).map((k) => (
            <Button
              key={k}
              data-testid={`new-${k}`}
              onClick={() =>
                void act(
                  () => call(routes.createStandard, { body: { year: nextYear, branchKind: k } }),
                  t('ratings.standards.saved'),
                )
              }
            >
              {t('ratings.standards.newYear', { year: nextYear })} ·{' '}
              {t(`ratings.standards.kind.${k}` as never)}
            </Button>
          ))}
      </Space>
      {std && def && (
        <Card
          variant="borderless"
          title={
            <span>
              {std.year} · {t(`ratings.standards.kind.${std.branchKind}` as never)}{' '}
              <Tag color={std.status === 'draft' ? 'gold' : 'green'}>
                {t(`ratings.standards.${std.status}` as never)}
              </Tag>
            </span>
          }
          extra={
            draft && (
              <Space>
                <Button icon={<PlusOutlined />} data-testid="add-indicator" onClick={() => setAdding(true)}>
                  {t('ratings.standards.add.button')}
                </Button>
                <Button
                  data-testid="save-standard"
                  onClick={() =>
                    void act(
                      () =>
                        call(routes.updateStandard, { params: { id: std.id }, body: { definition: def } }),
                      t('ratings.standards.saved'),
                      def,
                    )
                  }
                >
                  {t('common.save')}
                </Button>
                <Popconfirm
                  title={t('ratings.standards.publishConfirm')}
                  onConfirm={() =>
                    void act(
                      () => call(routes.publishStandard, { params: { id: std.id } }),
                      t('ratings.standards.saved'),
                    )
                  }
                >
                  <Button type="primary" data-testid="publish-standard">
                    {t('ratings.standards.publish')}
                  </Button>
                </Popconfirm>
              </Space>
            )
          }
        >
          {draft && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="county-values"
              title={t('ratings.standards.countyValues')}
            />
          )}
          <Space wrap style={{ marginBottom: 12 }}>
            <Switch
              data-testid="capstone-switch"
              disabled={!draft}
              checked={def.capstone.enabled}
              onChange={(v) => setDef({ ...def, capstone: { ...def.capstone, enabled: v } })}
            />
            <span>{t('ratings.standards.capstone')}</span>
            {!def.capstone.verified && <Tag color="gold">{t('ratings.standards.capstoneNote')}</Tag>}
            <span>{t('ratings.standards.noticeDays')}</span>
            <InputNumber
              min={1}
              max={30}
              disabled={!draft}
              value={def.noticeWorkingDays}
              onChange={(v) => setDef({ ...def, noticeWorkingDays: Number(v ?? 5) })}
            />
          </Space>
          {draft && Object.keys(indErrors).length > 0 && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="indicator-errors-summary"
              title={t('ratings.standards.errorsOn', { n: Object.keys(indErrors).length })}
            />
          )}
          <Table
            size="small"
            rowKey="code"
            pagination={false}
            onRow={(r: Indicator) =>
              ({
                'data-testid': `indicator-row-${r.code}`,
                style: indErrors[r.code] ? { background: '#fff2f0' } : undefined,
              }) as never
            }
            scroll={{ x: true }}
            dataSource={def.indicators}
            columns={[
              {
                title: t('ratings.star'),
                dataIndex: 'starCode',
                render: (c: string) => <span style={{ whiteSpace: 'nowrap' }}>{starName.get(c) ?? c}</span>,
              },
              {
                title: t('ratings.standards.indicator'),
                dataIndex: 'title',
                render: (v: string, r: Indicator) => (
                  <div>
                    {draft ? (
                      <Input
                        value={v}
                        status={errStatus(r.code, 'title')}
                        onChange={(e) => setInd(r.code, { title: e.target.value })}
                      />
                    ) : (
                      v
                    )}
                    {r.note && (
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                        {r.note}
                      </Typography.Text>
                    )}
                    {indErrors[r.code]?.map((e, k) => (
                      <Typography.Text
                        key={k}
                        type="danger"
                        data-testid={`indicator-error-${r.code}`}
                        style={{ display: 'block', fontSize: 12 }}
                      >
                        {e.field ? `${fieldLabel(e.field)}: ` : ''}
                        {e.message}
                      </Typography.Text>
                    ))}
                  </div>
                ),
              },
              {
                title: '',
                dataIndex: 'type',
                render: (v: string) => <Tag>{t(`ratings.type.${v}` as never)}</Tag>,
              },
              {
                title: t('ratings.standards.threshold'),
                dataIndex: 'threshold',
                render: (v: number | null, r: Indicator) =>
                  draft && (r.type === 'numeric' || r.type === 'derived') ? (
                    <InputNumber
                      value={v}
                      status={errStatus(r.code, 'threshold')}
                      onChange={(x) => setInd(r.code, { threshold: x === null ? null : Number(x) })}
                    />
                  ) : (
                    (v ?? '—')
                  ),
              },
              {
                title: t('ratings.standards.unit'),
                dataIndex: 'unit',
                render: (v: string | null, r: Indicator) =>
                  draft && (r.type === 'numeric' || r.type === 'derived') ? (
                    <Input
                      style={{ width: 80 }}
                      value={v ?? ''}
                      status={errStatus(r.code, 'unit')}
                      onChange={(e) => setInd(r.code, { unit: e.target.value || null })}
                    />
                  ) : (
                    v
                  ),
              },
              {
                title: t('ratings.standards.fact'),
                dataIndex: 'fact',
                render: (v: string | null, r: Indicator) =>
                  draft && r.type === 'derived' ? (
                    <Select
                      style={{ width: 200 }}
                      value={v}
                      status={errStatus(r.code, 'fact')}
                      onChange={(x: string) => setInd(r.code, { fact: x })}
                      options={[
                        ...facts.map((f) => ({ value: f.code, label: factName.get(f.code) })),
                        ...(v && !factName.has(v) ? [{ value: v, label: v }] : []),
                      ]}
                    />
                  ) : v ? (
                    <span>
                      {r.op && `${r.op} `}
                      {factName.get(v) ?? v}
                    </span>
                  ) : null,
              },
              {
                title: t('ratings.standards.minFiles'),
                dataIndex: 'minFiles',
                render: (v: number, r: Indicator) =>
                  draft ? (
                    <InputNumber
                      min={0}
                      max={20}
                      value={v}
                      status={errStatus(r.code, 'minFiles')}
                      onChange={(x) => setInd(r.code, { minFiles: Number(x ?? 0) })}
                    />
                  ) : (
                    v
                  ),
              },
              {
                title: t('ratings.verified'),
                dataIndex: 'verified',
                render: (v: boolean, r: Indicator) =>
                  draft ? (
                    <Checkbox checked={v} onChange={(e) => setInd(r.code, { verified: e.target.checked })} />
                  ) : (
                    <Tag color={v ? 'green' : 'gold'}>{v ? t('ratings.verified') : t('ratings.guessed')}</Tag>
                  ),
              },
              ...(draft
                ? [
                    {
                      title: '',
                      key: 'actions',
                      render: (_: unknown, r: Indicator) => (
                        <Space size={0}>
                          <Button
                            type="text"
                            size="small"
                            icon={<ArrowUpOutlined />}
                            aria-label={t('ratings.standards.moveUp')}
                            onClick={() => setDef(moveIndicator(def, r.code, -1))}
                          />
                          <Button
                            type="text"
                            size="small"
                            icon={<ArrowDownOutlined />}
                            aria-label={t('ratings.standards.moveDown')}
                            onClick={() => setDef(moveIndicator(def, r.code, 1))}
                          />
                          <Popconfirm
                            title={t('ratings.standards.removeConfirm', { title: r.title })}
                            okButtonProps={{ danger: true, 'data-testid': 'remove-indicator-ok' } as never}
                            onConfirm={() => {
                              clearErrors(r.code);
                              setDef(removeIndicator(def, r.code));
                            }}
                          >
                            <Button
                              type="text"
                              size="small"
                              danger
                              icon={<DeleteOutlined />}
                              aria-label={t('ratings.standards.remove')}
                              data-testid={`remove-indicator-${r.code}`}
                            />
                          </Popconfirm>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}
      {adding && def && draft && (
        <AddIndicatorModal
          def={def}
          facts={facts}
          onClose={() => setAdding(false)}
          onAdd={(ind) => {
            setDef(addIndicator(def, ind));
            setAdding(false);
          }}
        />
      )}
    </div>
  );
}

/** The i18n label of an indicator field named in a server error path. */
const FIELD_LABELS: Record<string, string> = {
  title: 'ratings.standards.indicator',
  threshold: 'ratings.standards.threshold',
  unit: 'ratings.standards.unit',
  fact: 'ratings.standards.fact',
  op: 'ratings.standards.add.op',
  minFiles: 'ratings.standards.minFiles',
  code: 'ratings.standards.add.code',
  starCode: 'ratings.star',
  note: 'ratings.standards.add.note',
};
