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
import type { Indicator, Standard, StandardDefinition } from '@fivestar/common';
import { api } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { RatingsTabs } from '../components/RatingsTabs';

/** The star standards by year and branch kind; the county edits drafts and publishes them (then immutable). */
export default function StandardsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const canEdit = (me.permissions as string[]).includes('standard:edit');
  const { data, error, reload } = useApiQuery<Standard[]>('/ratings/standards');
  const [selected, setSelected] = useState<number | null>(null);
  const [def, setDef] = useState<StandardDefinition | null>(null);
  const std = data?.find((s) => s.id === selected) ?? data?.[0];
  useEffect(() => setDef(std ? structuredClone(std.definition) : null), [std]);
  if (error) return <Alert type="error" title={errorText(error, t)} />;
  const draft = canEdit && std?.status === 'draft';
  const act = async (fn: () => Promise<Standard>, ok: string) => {
    try {
      const s = await fn();
      message.success(ok);
      setSelected(s.id);
      reload();
    } catch (err) {
      message.error(errorText(err, t));
    }
  };
  const nextYear = Math.max(...(data ?? []).map((s) => s.year), new Date().getFullYear()) + 1;
  const setInd = (code: string, patch: Partial<Indicator>) =>
    setDef((d) =>
      d ? { ...d, indicators: d.indicators.map((i) => (i.code === code ? { ...i, ...patch } : i)) } : d,
    );
  const starName = new Map(def?.stars.map((s) => [s.code, s.name]));
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
                  () => api.post('/ratings/standards', { year: nextYear, branchKind: k }),
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
                <Button
                  data-testid="save-standard"
                  onClick={() =>
                    void act(
                      () => api.patch(`/ratings/standards/${std.id}`, { definition: def }),
                      t('ratings.standards.saved'),
                    )
                  }
                >
                  {t('common.save')}
                </Button>
                <Popconfirm
                  title={t('ratings.standards.publishConfirm')}
                  onConfirm={() =>
                    void act(
                      () => api.post(`/ratings/standards/${std.id}/publish`),
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
          <Table
            size="small"
            rowKey="code"
            pagination={false}
            scroll={{ x: true }}
            dataSource={def.indicators}
            columns={[
              {
                title: t('ratings.star'),
                dataIndex: 'starCode',
                render: (c: string) => starName.get(c) ?? c,
              },
              {
                title: t('ratings.standards.indicator'),
                dataIndex: 'title',
                render: (v: string, r: Indicator) =>
                  draft ? <Input value={v} onChange={(e) => setInd(r.code, { title: e.target.value })} /> : v,
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
                      onChange={(x) => setInd(r.code, { threshold: x === null ? null : Number(x) })}
                    />
                  ) : (
                    (v ?? '—')
                  ),
              },
              { title: t('ratings.standards.unit'), dataIndex: 'unit' },
              { title: t('ratings.standards.fact'), dataIndex: 'fact' },
              {
                title: t('ratings.standards.minFiles'),
                dataIndex: 'minFiles',
                render: (v: number, r: Indicator) =>
                  draft ? (
                    <InputNumber
                      min={0}
                      max={20}
                      value={v}
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
            ]}
          />
        </Card>
      )}
    </div>
  );
}
