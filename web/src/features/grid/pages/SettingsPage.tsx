import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
} from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { calendarDaySchema, EventType, timeLimitSchema } from '@fivestar/common';
import { api } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { useSearchParams } from 'react-router';
import { Campaigns } from '../components/Campaigns';
import { TypeDictionary } from '../components/TypeDictionary';

type Day = z.infer<typeof calendarDaySchema>;
type Limit = z.infer<typeof timeLimitSchema>;

const SECTIONS = ['calendar', 'types', 'campaigns'] as const;
type Section = (typeof SECTIONS)[number];

/** The grid module's settings (grid:admin): calendar and time limits, the event-type dictionary, campaigns. */
export default function SettingsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const section: Section = SECTIONS.find((s) => s === params.get('section')) ?? 'calendar';
  return (
    <Tabs
      activeKey={section}
      onChange={(key) => setParams(key === 'calendar' ? {} : { section: key })}
      data-testid="settings-sections"
      items={[
        { key: 'calendar', label: t('grid.dictionary.calendarTab'), children: <CalendarAndLimits /> },
        { key: 'types', label: t('grid.dictionary.tab'), children: <TypeDictionary /> },
        { key: 'campaigns', label: t('grid.campaigns.tab'), children: <Campaigns /> },
      ]}
    />
  );
}

/** The holiday / 调休 calendar and the time limits per class, type and stage. */
function CalendarAndLimits() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [year, setYear] = useState(dayjs().year());
  const days = useApiQuery<Day[]>('/grid/calendar', { year });
  const limits = useApiQuery<Limit[]>('/grid/time-limits');
  const types = useApiQuery<EventType[]>('/grid/types');
  const [draft, setDraft] = useState<{ date?: string; kind: 'holiday' | 'workday'; name: string }>({
    kind: 'holiday',
    name: '',
  });
  const [limitDraft, setLimitDraft] = useState<Limit>({
    class: 'event',
    typeCode: null,
    stage: 'handle',
    days: 5,
    calendarDays: false,
  });

  const save = async (body: unknown, path: string, reload: () => void) => {
    try {
      await api.post(path, body);
      reload();
      message.success(t('grid.settings.saved'));
    } catch (err) {
      message.error(errorText(err, t));
    }
  };
  const typeName = (code: string | null) =>
    code ? (types.data?.find((x) => x.code === code)?.nameZh ?? code) : t('grid.settings.classDefault');

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card
        variant="borderless"
        title={t('grid.settings.calendar')}
        extra={
          <Select
            value={year}
            onChange={setYear}
            style={{ width: 100 }}
            options={[2023, 2024, 2025, 2026, 2027, 2028].map((y) => ({ value: y, label: y }))}
          />
        }
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <DatePicker onChange={(d) => setDraft((x) => ({ ...x, date: d?.format('YYYY-MM-DD') }))} />
          <Select
            value={draft.kind}
            style={{ width: 120 }}
            onChange={(kind) => setDraft((x) => ({ ...x, kind }))}
            options={[
              { value: 'holiday', label: t('grid.settings.holiday') },
              { value: 'workday', label: t('grid.settings.workday') },
            ]}
          />
          <Input
            placeholder={t('grid.settings.name')}
            style={{ width: 140 }}
            value={draft.name}
            onChange={(e) => setDraft((x) => ({ ...x, name: e.target.value }))}
          />
          <Button
            type="primary"
            disabled={!draft.date}
            onClick={() => void save(draft, '/grid/calendar', days.reload)}
          >
            {t('common.save')}
          </Button>
        </Space>
        {days.error && <Alert type="error" showIcon title={errorText(days.error, t)} />}
        <Table<Day>
          rowKey="date"
          size="small"
          dataSource={days.data}
          loading={days.loading}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('grid.settings.date'), dataIndex: 'date' },
            {
              title: t('grid.settings.kind'),
              dataIndex: 'kind',
              render: (k: Day['kind']) => (
                <Tag color={k === 'holiday' ? 'red' : 'blue'}>{t(`grid.settings.${k}`)}</Tag>
              ),
            },
            { title: t('grid.settings.name'), dataIndex: 'name' },
            {
              title: '',
              dataIndex: 'provisional',
              render: (p: boolean) => (p ? <Tag color="orange">{t('grid.settings.provisional')}</Tag> : null),
            },
            {
              title: t('common.actions'),
              key: 'x',
              render: (_, d) => (
                <Button
                  size="small"
                  type="link"
                  danger
                  onClick={() => void save({ date: d.date, kind: null }, '/grid/calendar', days.reload)}
                >
                  {t('grid.settings.remove')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card variant="borderless" title={t('grid.settings.limits')}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            value={limitDraft.class}
            style={{ width: 100 }}
            onChange={(c) => setLimitDraft((x) => ({ ...x, class: c, typeCode: null }))}
            options={[
              { value: 'event', label: t('grid.class.event') },
              { value: 'dispute', label: t('grid.class.dispute') },
            ]}
          />
          <Select
            allowClear
            placeholder={t('grid.settings.classDefault')}
            style={{ width: 180 }}
            value={limitDraft.typeCode ?? undefined}
            onChange={(v) => setLimitDraft((x) => ({ ...x, typeCode: v ?? null }))}
            options={(types.data ?? [])
              .filter((x) => x.class === limitDraft.class)
              .map((x) => ({ value: x.code, label: x.nameZh }))}
          />
          <Select
            value={limitDraft.stage}
            style={{ width: 110 }}
            onChange={(stage) => setLimitDraft((x) => ({ ...x, stage }))}
            options={(['accept', 'handle', 'verify'] as const).map((s) => ({
              value: s,
              label: t(`grid.settings.stage.${s}`),
            }))}
          />
          <InputNumber
            min={1}
            max={365}
            value={limitDraft.days}
            onChange={(v) => setLimitDraft((x) => ({ ...x, days: v ?? 1 }))}
            addonAfter={t('grid.settings.days')}
          />
          <Space>
            <Switch
              checked={limitDraft.calendarDays}
              onChange={(v) => setLimitDraft((x) => ({ ...x, calendarDays: v }))}
            />
            {t('grid.settings.calendarDays')}
          </Space>
          <Button type="primary" onClick={() => void save(limitDraft, '/grid/time-limits', limits.reload)}>
            {t('common.save')}
          </Button>
        </Space>
        <Table<Limit>
          rowKey={(l) => `${l.class}:${l.typeCode ?? ''}:${l.stage}`}
          size="small"
          pagination={false}
          dataSource={limits.data}
          columns={[
            {
              title: t('grid.filters.class'),
              dataIndex: 'class',
              render: (c: Limit['class']) => t(`grid.class.${c}`),
            },
            { title: t('grid.type'), dataIndex: 'typeCode', render: (c: string | null) => typeName(c) },
            {
              title: t('grid.settings.stageTitle'),
              dataIndex: 'stage',
              render: (s: Limit['stage']) => t(`grid.settings.stage.${s}`),
            },
            {
              title: t('grid.settings.limit'),
              key: 'd',
              render: (_, l) =>
                `${l.days} ${l.calendarDays ? t('grid.settings.calendarDays') : t('grid.settings.workingDays')}`,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
