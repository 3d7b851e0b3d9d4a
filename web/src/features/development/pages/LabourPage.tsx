import { useState } from 'react';
import { App, Button, Card, Form, Grid, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  chinaDate,
  developmentContract,
  LABOUR_ABILITIES,
  LABOUR_WHEREABOUTS,
  labourProfileSchema,
  type LabourEntry,
} from '@fivestar/common';
import { ApiError, call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useCan } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { PageHeader } from '../../../components/PageHeader';
import { PagedTable, usePaging } from '../../../components/PagedTable';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';
import { ExcelBar } from '../components/ExcelBar';

const routes = developmentContract.routes;
type Ability = 'full' | 'partial' | 'none' | 'unknown';
type Whereabouts = 'home' | 'away' | 'unknown';

/** The labour registry: people aged 16–60 on a day (ages from their ID numbers), with what the village knows of them. */
export default function LabourPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const isPhone = !Grid.useBreakpoint().md;
  const [unitId, setUnitId] = useState<number | undefined>();
  const [on, setOn] = useState(chinaDate(Date.now()));
  const [ability, setAbility] = useState<Ability | undefined>();
  const [whereabouts, setWhereabouts] = useState<Whereabouts | undefined>();
  const [q, setQ] = useState('');
  const { paging, setPaging, firstPage } = usePaging(20);
  const filter = {
    ...(unitId ? { unitId } : {}),
    ...(on ? { on } : {}),
    ...(ability ? { ability } : {}),
    ...(whereabouts ? { whereabouts } : {}),
    ...(q ? { q } : {}),
  };
  const result = useApiQuery(routes.labour, { query: { ...filter, ...paging } });
  const [editing, setEditing] = useState<LabourEntry | null>(null);
  const [form] = Form.useForm();

  const profile = (e: LabourEntry) =>
    e.profile ? (
      <Space size={4} wrap>
        <Tag>{t(`development.ability.${e.profile.ability}`)}</Tag>
        <Tag color={e.profile.whereabouts === 'away' ? 'blue' : undefined}>
          {t(`development.whereabouts.${e.profile.whereabouts}`)}
          {e.profile.awayPlace ? ` · ${e.profile.awayPlace}` : ''}
        </Tag>
      </Space>
    ) : (
      <Typography.Text type="secondary">{t('development.labour.unknown')}</Typography.Text>
    );

  const open = (e: LabourEntry) => {
    setEditing(e);
    form.setFieldsValue(
      e.profile ?? { ability: 'full', whereabouts: 'home', awayPlace: '', skills: '', trainingWish: '' },
    );
  };

  const save = async () => {
    if (!editing) return;
    const parsed = labourProfileSchema.safeParse(form.getFieldsValue(true));
    if (!parsed.success) return;
    try {
      await call(routes.setLabourProfile, {
        params: { personId: editing.personId },
        body: parsed.data,
        headers: { 'if-match': `"${editing.version}"` },
      });
      message.success(t('development.labour.saved', { name: editing.name }));
      setEditing(null);
      result.reload();
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        message.warning(t('development.list.stale'));
        setEditing(null);
        result.reload();
      } else message.error(errorText(err, t));
    }
  };

  const edit = (e: LabourEntry) =>
    can('development:write') && (
      <Button type="link" size={isPhone ? 'middle' : 'small'} onClick={() => open(e)}>
        {t('development.labour.edit')}
      </Button>
    );

  const columns: TableColumnsType<LabourEntry> = [
    { title: t('development.labour.name'), dataIndex: 'name' },
    { title: t('development.labour.unit'), dataIndex: 'unitName' },
    { title: t('development.labour.idNumber'), dataIndex: 'idNumber' },
    { title: t('development.labour.age'), dataIndex: 'age' },
    { title: t('development.labour.ability'), render: (_, e) => profile(e) },
    { title: t('development.labour.skills'), render: (_, e) => e.profile?.skills },
    { title: t('development.labour.trainingWish'), render: (_, e) => e.profile?.trainingWish },
    { title: t('development.labour.attendances'), dataIndex: 'attendances' },
    { title: t('development.labour.certificates'), dataIndex: 'certificates' },
    { title: t('development.list.actions'), render: (_, e) => edit(e) },
  ];

  return (
    <div data-testid="labour-page">
      <PageHeader
        title={
          <Space>
            <Link to="/development">
              <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('development.list.back')} />
            </Link>
            {t('development.labour.nav')}
          </Space>
        }
        subtitle={isPhone ? undefined : t('development.labour.desc')}
        extra={<ExcelBar registry={null} query={filter} onImported={result.reload} compact={isPhone} />}
      />
      <Card size="small" variant="borderless" style={{ marginBottom: 12 }}>
        <Space wrap style={{ width: '100%' }}>
          <UnitTreeSelect
            allowClear
            value={unitId}
            onChange={(v) => (setUnitId(v), firstPage())}
            placeholder={t('development.list.unit')}
            style={{ width: isPhone ? '100%' : 220 }}
          />
          <Space>
            {t('development.labour.asOf')}
            <Input
              type="date"
              value={on}
              onChange={(e) => (setOn(e.target.value), firstPage())}
              style={{ width: 150 }}
            />
          </Space>
          <Select
            allowClear
            placeholder={t('development.labour.ability')}
            value={ability}
            onChange={(v) => (setAbility(v), firstPage())}
            style={{ width: 140 }}
            options={[
              ...LABOUR_ABILITIES.map((o) => ({
                value: o.value,
                label: t(`development.ability.${o.value}`),
              })),
              { value: 'unknown', label: t('development.labour.unknown') },
            ]}
          />
          <Select
            allowClear
            placeholder={t('development.labour.whereabouts')}
            value={whereabouts}
            onChange={(v) => (setWhereabouts(v), firstPage())}
            style={{ width: 130 }}
            options={[
              ...LABOUR_WHEREABOUTS.map((o) => ({
                value: o.value,
                label: t(`development.whereabouts.${o.value}`),
              })),
              { value: 'unknown', label: t('development.labour.unknown') },
            ]}
          />
          <Input.Search
            allowClear
            placeholder={t('development.labour.name')}
            onSearch={(v) => (setQ(v.trim()), firstPage())}
            style={{ width: isPhone ? '100%' : 200 }}
          />
        </Space>
      </Card>
      {isPhone ? (
        <List<LabourEntry>
          data-testid="labour-list"
          loading={result.loading}
          dataSource={result.data?.items}
          rowKey="personId"
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: result.data?.total,
            size: 'small',
            onChange: (page, pageSize) => setPaging({ page, pageSize }),
          }}
          renderItem={(e) => (
            <Card size="small" style={{ marginBottom: 8 }}>
              <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                <Typography.Text strong style={{ fontSize: 16 }}>
                  {e.name} · {e.age}
                </Typography.Text>
                {edit(e)}
              </Space>
              <div style={{ margin: '4px 0' }}>
                <Typography.Text type="secondary">
                  {e.unitName} {e.idNumber}
                </Typography.Text>
              </div>
              {profile(e)}
            </Card>
          )}
        />
      ) : (
        <PagedTable<LabourEntry>
          testId="labour-table"
          rowKey="personId"
          result={result}
          paging={paging}
          onPaging={setPaging}
          columns={columns}
        />
      )}
      <Modal
        open={editing !== null}
        title={`${t('development.labour.edit')} · ${editing?.name ?? ''}`}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        destroyOnHidden
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item name="ability" label={t('development.labour.ability')}>
            <Select
              options={LABOUR_ABILITIES.map((o) => ({
                value: o.value,
                label: t(`development.ability.${o.value}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="whereabouts" label={t('development.labour.whereabouts')}>
            <Select
              options={LABOUR_WHEREABOUTS.map((o) => ({
                value: o.value,
                label: t(`development.whereabouts.${o.value}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="awayPlace" label={t('development.labour.awayPlace')}>
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="skills" label={t('development.labour.skills')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="trainingWish" label={t('development.labour.trainingWish')}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
