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
        { key: 'calendar', label: t('events.dictionary.calendarTab'), children: <CalendarAndLimits /> },
        { key: 'types', label: t('events.dictionary.tab'), children: <TypeDictionary /> },
        { key: 'campaigns', label: t('events.campaigns.tab'), children: <Campaigns /> },
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
      message.success(t('events.settings.saved'));
    } catch (err) {
      message.error(errorText(err, t));
    }
  };
  const typeName = (code: string | null) =>
    code ? (types.data?.find((x) => x.code === code)?.nameZh ?? code) : t('events.settings.classDefault');

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card
        variant="borderless"
        title={t('events.settings.calendar')}
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
              { value: 'holiday', label: t('events.settings.holiday') },
              { value: 'workday', label: t('events.settings.workday') },
            ]}
          />
          <Input
            placeholder={t('events.settings.name')}
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
            { title: t('events.settings.date'), dataIndex: 'date' },
            {
              title: t('events.settings.kind'),
              dataIndex: 'kind',
              render: (k: Day['kind']) => (
                <Tag color={k === 'holiday' ? 'red' : 'blue'}>{t(`events.settings.${k}`)}</Tag>
              ),
            },
            { title: t('events.settings.name'), dataIndex: 'name' },
            {
              title: '',
              dataIndex: 'provisional',
              render: (p: boolean) =>
                p ? <Tag color="orange">{t('events.settings.provisional')}</Tag> : null,
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
                  {t('events.settings.remove')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card variant="borderless" title={t('events.settings.limits')}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            value={limitDraft.class}
            style={{ width: 100 }}
            onChange={(c) => setLimitDraft((x) => ({ ...x, class: c, typeCode: null }))}
            options={[
              { value: 'event', label: t('events.class.event') },
              { value: 'dispute', label: t('events.class.dispute') },
            ]}
          />
          <Select
            allowClear
            placeholder={t('events.settings.classDefault')}
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
              label: t(`events.settings.stage.${s}`),
            }))}
          />
          <InputNumber
            min={1}
            max={365}
            value={limitDraft.days}
            onChange={(v) => setLimitDraft((x) => ({ ...x, days: v ?? 1 }))}
            addonAfter={t('events.settings.days')}
          />
          <Space>
            <Switch
              checked={limitDraft.calendarDays}
              onChange={(v) => setLimitDraft((x) => ({ ...x, calendarDays: v }))}
            />
            {t('events.settings.calendarDays')}
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
              title: t('events.filters.class'),
              dataIndex: 'class',
              render: (c: Limit['class']) => t(`events.class.${c}`),
            },
            { title: t('events.type'), dataIndex: 'typeCode', render: (c: string | null) => typeName(c) },
            {
              title: t('events.settings.stageTitle'),
              dataIndex: 'stage',
              render: (s: Limit['stage']) => t(`events.settings.stage.${s}`),
            },
            {
              title: t('events.settings.limit'),
              key: 'd',
              render: (_, l) =>
                `${l.days} ${l.calendarDays ? t('events.settings.calendarDays') : t('events.settings.workingDays')}`,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
