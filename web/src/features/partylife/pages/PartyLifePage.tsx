import { useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import {
  type ButtonProps,
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Form,
  Grid,
  Input,
  InputNumber,
  List,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  MEETING_TYPES,
  partylifeContract,
  type Attendance,
  type MeetingType,
  type PlMakeUp,
  type PlMeeting,
  type PlMeetingDetail,
} from '@fivestar/common';
import { call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { PagedTable, usePaging } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';

const R = partylifeContract.routes;
type Tab = 'overview' | 'meetings' | 'makeUps' | 'warnings';
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** What the last save did, shown until the secretary closes it: attendance, photos, the make-ups it created. */
interface Saved {
  meeting: PlMeetingDetail;
  photos: number;
  photosFailed: number;
  photoError: string;
}

/** Meetings and theme days: the secretary records them on the phone; the township sees compliance by branch. */
export default function PartyLifePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const phone = !Grid.useBreakpoint().md;
  const location = useLocation();
  const village = ['village', 'community'].includes(me.unit.level);
  const canRecord = (me.permissions as string[]).includes('partylife:record') && village;
  const initial: Tab = location.pathname.endsWith('/make-ups')
    ? 'makeUps'
    : location.pathname.endsWith('/warnings') || village
      ? 'warnings'
      : 'overview';
  const [tab, setTab] = useState<Tab>(initial);
  // No year chosen yet: the server answers the latest year with meetings recorded in the area.
  const [year, setYear] = useState<number | undefined>(undefined);
  const compliance = useApiQuery(tab === 'overview' ? R.compliance : null, { query: { year } });
  const shownYear = year ?? compliance.data?.year;
  const warnings = useApiQuery(tab === 'warnings' ? R.warnings : null, { query: {} });
  const { paging, setPaging } = usePaging(20);
  const meetings = useApiQuery(tab === 'meetings' ? R.meetings : null, { query: paging });
  const makeUps = useApiQuery(tab === 'makeUps' ? R.makeUps : null, { query: paging });
  const members = useApiQuery(canRecord ? R.members : null, { query: { unitId: me.unit.id } });
  const settings = useApiQuery(canRecord ? R.settings : null, { query: {} });
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [att, setAtt] = useState<Record<number, Attendance>>({});
  const [files, setFiles] = useState<File[]>([]);
  const [saved, setSaved] = useState<Saved | null>(null);
  const photoInput = useRef<HTMLInputElement>(null);
  const [form] = Form.useForm();
  const type = Form.useWatch('type', form) as MeetingType | undefined;

  const startRecord = () => {
    form.resetFields();
    setAtt(Object.fromEntries((members.data ?? []).map((m) => [m.personId, 'present' as Attendance])));
    setFiles([]);
    setOpen(true);
  };

  const save = async () => {
    const v = (await form.validateFields()) as {
      type: MeetingType;
      heldOn: Dayjs;
      topic: string;
      minutes?: string;
      actions?: string[];
      items?: string;
    };
    setSaving(true);
    try {
      const theme = v.type === 'theme_day';
      const m = await call(R.createMeeting, {
        body: {
          unitId: me.unit.id,
          type: v.type,
          heldOn: v.heldOn.format('YYYY-MM-DD'),
          topic: v.topic,
          minutes: v.minutes ?? '',
          attendance: (members.data ?? []).map((p) => ({
            personId: p.personId,
            status: att[p.personId] ?? 'present',
          })),
          fixedActions: theme
            ? (settings.data?.fixedActions ?? []).map((action) => ({
                action,
                done: (v.actions ?? []).includes(action),
                note: '',
              }))
            : [],
          items: theme
            ? (v.items ?? '')
                .split('\n')
                .map((s) => s.trim())
                .filter(Boolean)
            : [],
        },
      });
      // The meeting is recorded; a photo that fails is reported in the confirmation, not as a failed save.
      let photos = 0;
      let photoError = '';
      for (const f of files)
        try {
          await call(R.uploadPhoto, {
            params: { id: m.id },
            query: { name: f.name },
            body: await f.arrayBuffer(),
          });
          photos++;
        } catch (err) {
          photoError = errorText(err, t);
        }
      setSaved({ meeting: m, photos, photosFailed: files.length - photos, photoError });
      setOpen(false);
      setTab('meetings');
      meetings.reload();
      makeUps.reload();
    } catch (err) {
      message.error(errorText(err, t));
    } finally {
      setSaving(false);
    }
  };

  const doneMakeUp = async (id: number) => {
    try {
      const k = await call(R.makeUpDone, {
        params: { id },
        body: { doneOn: dayjs().format('YYYY-MM-DD'), note: '' },
      });
      message.success(t('partylife.makeUpSaved'));
      setSaved(
        (s) =>
          s && {
            ...s,
            meeting: { ...s.meeting, makeUps: s.meeting.makeUps.map((x) => (x.id === id ? k : x)) },
          },
      );
      makeUps.reload();
    } catch (err) {
      message.error(errorText(err, t));
    }
  };

  const big = phone ? ({ size: 'large', block: true } as const) : ({} as const);
  return (
    <div>
      <PageHeader
        title={t('partylife.title')}
        subtitle={phone ? undefined : t('partylife.subtitle')}
        extra={
          canRecord && (
            <Button type="primary" data-testid="record-meeting" onClick={startRecord} {...big}>
              {t('partylife.record')}
            </Button>
          )
        }
      />
      {saved && (
        <SavedPanel
          saved={saved}
          canRecord={canRecord}
          onDone={(id) => void doneMakeUp(id)}
          onClose={() => setSaved(null)}
        />
      )}
      <Segmented
        style={{ marginBottom: 16 }}
        block={phone}
        value={tab}
        onChange={(v) => setTab(v as Tab)}
        options={(['overview', 'warnings', 'meetings', 'makeUps'] as const).map((k) => ({
          value: k,
          label: <span data-testid={`tab-${k}`}>{t(`partylife.tabs.${k}`)}</span>,
        }))}
      />
      {tab === 'overview' && (
        <>
          <Space style={{ marginBottom: 12 }} wrap>
            {t('partylife.year')}
            <InputNumber
              data-testid="compliance-year"
              min={2000}
              max={2100}
              value={shownYear}
              onChange={(v) => v && setYear(v)}
            />
          </Space>
          {compliance.data && !compliance.data.recorded && (
            <Alert
              style={{ marginBottom: 12 }}
              type="warning"
              data-testid="compliance-no-records"
              title={t('partylife.noRecords', { year: compliance.data.year })}
              description={
                compliance.data.latestYear === null
                  ? t('partylife.noRecordsEver')
                  : t('partylife.latestRecords', { year: compliance.data.latestYear })
              }
              action={
                compliance.data.latestYear !== null && (
                  <Button
                    size="small"
                    data-testid="compliance-latest"
                    onClick={() => setYear(compliance.data!.latestYear!)}
                  >
                    {t('partylife.showYear', { year: compliance.data.latestYear })}
                  </Button>
                )
              }
            />
          )}
          {compliance.data && (
            <Alert
              style={{ marginBottom: 12 }}
              type="info"
              data-testid="compliance-total"
              title={t('partylife.complianceTotal', {
                year: compliance.data.year,
                asOf: compliance.data.asOf,
                due: compliance.data.due,
                met: compliance.data.met,
                rate: pct(compliance.data.compliance),
              })}
            />
          )}
          <Table
            rowKey="unitId"
            size="small"
            data-testid="compliance-table"
            loading={compliance.loading}
            dataSource={compliance.data?.rows ?? []}
            pagination={{ pageSize: 60, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('partylife.col.unit'), dataIndex: 'unitName' },
              { title: t('partylife.col.due'), dataIndex: 'due' },
              { title: t('partylife.col.met'), dataIndex: 'met' },
              {
                title: t('partylife.col.compliance'),
                dataIndex: 'compliance',
                sorter: (a, b) => a.compliance - b.compliance,
                render: (v: number) => (
                  <Tag color={v >= 0.9 ? 'green' : v >= 0.75 ? 'gold' : 'red'}>{pct(v)}</Tag>
                ),
              },
            ]}
          />
        </>
      )}
      {tab === 'warnings' && (
        <List
          data-testid="warnings"
          loading={warnings.loading}
          locale={{ emptyText: t('partylife.noWarnings') }}
          dataSource={warnings.data ?? []}
          renderItem={(w) => (
            <List.Item>
              <Tag color={w.daysLeft <= 2 ? 'red' : 'gold'}>{w.daysLeft}</Tag>
              {t('partylife.warningText', {
                unit: w.unitName,
                type: t(`partylife.type.${w.type}`),
                window: w.window,
                days: w.daysLeft,
              })}
            </List.Item>
          )}
        />
      )}
      {tab === 'meetings' && (
        <PagedTable<PlMeeting>
          rowKey="id"
          testId="meetings-table"
          result={meetings}
          paging={paging}
          onPaging={setPaging}
          columns={[
            { title: t('partylife.col.heldOn'), dataIndex: 'heldOn' },
            { title: t('partylife.col.unit'), dataIndex: 'unitName' },
            {
              title: t('partylife.col.type'),
              dataIndex: 'type',
              render: (v: MeetingType) => t(`partylife.type.${v}`),
            },
            { title: t('partylife.col.topic'), dataIndex: 'topic' },
            {
              title: t('partylife.col.attendance'),
              key: 'att',
              render: (_: unknown, m: { present: number; expected: number }) => `${m.present}/${m.expected}`,
            },
            {
              title: t('partylife.col.quorate'),
              dataIndex: 'quorate',
              render: (v: boolean) => (v ? t('partylife.yes') : <Tag color="red">{t('partylife.no')}</Tag>),
            },
            { title: t('partylife.col.photos'), dataIndex: 'photos' },
          ]}
        />
      )}
      {tab === 'makeUps' && (
        <PagedTable<PlMakeUp>
          rowKey="id"
          testId="makeups-table"
          result={makeUps}
          paging={paging}
          onPaging={setPaging}
          columns={[
            { title: t('partylife.col.member'), dataIndex: 'personName' },
            { title: t('partylife.col.unit'), dataIndex: 'unitName' },
            {
              title: t('partylife.col.type'),
              dataIndex: 'meetingType',
              render: (v: MeetingType) => t(`partylife.type.${v}`),
            },
            { title: t('partylife.col.topic'), dataIndex: 'topic' },
            {
              title: t('partylife.col.reason'),
              dataIndex: 'reason',
              render: (v: Attendance) => t(`partylife.att.${v}`),
            },
            { title: t('partylife.col.deadline'), dataIndex: 'deadline' },
            {
              title: t('partylife.col.doneOn'),
              key: 'done',
              render: (_: unknown, k: { id: number; doneOn: string | null; overdue: boolean }) =>
                k.doneOn ? (
                  <Tag color="green">{k.doneOn}</Tag>
                ) : canRecord ? (
                  <Button
                    size="small"
                    data-testid={`makeup-done-${k.id}`}
                    onClick={() => void doneMakeUp(k.id)}
                  >
                    {t('partylife.markDone')}
                  </Button>
                ) : (
                  <Tag color={k.overdue ? 'red' : 'gold'}>
                    {k.overdue ? t('partylife.overdue') : t('partylife.open')}
                  </Tag>
                ),
            },
          ]}
        />
      )}
      <div style={{ marginTop: 16 }}>
        <Link to="/links">{t('partylife.linksHint')}</Link>
      </div>
      <Modal
        open={open}
        title={t('partylife.recordTitle')}
        onCancel={() => setOpen(false)}
        onOk={() => void save()}
        okButtonProps={{ loading: saving, 'data-testid': 'meeting-ok' } as ButtonProps}
        width={phone ? '100%' : 640}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ type: 'theme_day', heldOn: dayjs() }}>
          <Form.Item
            name="type"
            label={t('partylife.col.type')}
            rules={[{ required: true, message: t('partylife.required') }]}
          >
            <Select
              data-testid="meeting-type"
              options={MEETING_TYPES.map((v) => ({ value: v, label: t(`partylife.type.${v}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="heldOn"
            label={t('partylife.col.heldOn')}
            rules={[{ required: true, message: t('partylife.required') }]}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item
            name="topic"
            label={t('partylife.col.topic')}
            rules={[{ required: true, message: t('partylife.required') }]}
          >
            <Input data-testid="meeting-topic" maxLength={120} />
          </Form.Item>
          <Form.Item name="minutes" label={t('partylife.minutes')}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item label={t('partylife.attendanceTitle', { n: members.data?.length ?? 0 })}>
            {members.data?.length ? (
              <List
                size="small"
                dataSource={members.data}
                renderItem={(p) => (
                  <List.Item>
                    <span>{p.name}</span>
                    <Segmented
                      size="small"
                      data-testid={`att-${p.personId}`}
                      value={att[p.personId] ?? 'present'}
                      onChange={(v) => setAtt({ ...att, [p.personId]: v as Attendance })}
                      options={(['present', 'leave', 'absent'] as const).map((s) => ({
                        value: s,
                        label: t(`partylife.att.${s}`),
                      }))}
                    />
                  </List.Item>
                )}
              />
            ) : (
              <Alert type="warning" title={t('partylife.noMembers')} />
            )}
          </Form.Item>
          {type === 'theme_day' && (
            <>
              <Form.Item name="actions" label={t('partylife.fixedActions')}>
                <Checkbox.Group
                  data-testid="fixed-actions"
                  style={{ display: 'grid', gap: 4 }}
                  options={(settings.data?.fixedActions ?? []).map((a) => ({ value: a, label: a }))}
                />
              </Form.Item>
              <Form.Item name="items" label={t('partylife.items')}>
                <Input.TextArea data-testid="theme-items" rows={2} />
              </Form.Item>
            </>
          )}
          <Form.Item label={t('partylife.photos')}>
            {/* No `capture`: the phone offers its camera and its gallery, the secretary picks. */}
            <input
              ref={photoInput}
              type="file"
              accept="image/*"
              multiple
              style={{ display: 'none' }}
              data-testid="meeting-photos"
              onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
            />
            <Space wrap>
              <Button
                icon={<CameraOutlined />}
                data-testid="meeting-photos-pick"
                onClick={() => photoInput.current?.click()}
                {...big}
              >
                {t('partylife.pickPhotos')}
              </Button>
              <span data-testid="meeting-photos-count">
                {files.length
                  ? t('partylife.photosChosen', { n: files.length })
                  : t('partylife.noPhotosChosen')}
              </span>
            </Space>
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

/** The confirmation after a save: what was recorded, and what comes next (the make-ups, each to mark done). */
function SavedPanel({
  saved,
  canRecord,
  onDone,
  onClose,
}: {
  saved: Saved;
  canRecord: boolean;
  onDone: (id: number) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const m = saved.meeting;
  const open = m.makeUps.filter((k) => !k.doneOn);
  return (
    <Alert
      type="success"
      showIcon
      closable={{ onClose, 'aria-label': t('partylife.savedClose') }}
      style={{ marginBottom: 16 }}
      data-testid="meeting-saved"
      title={t('partylife.savedTitle', {
        type: t(`partylife.type.${m.type}`),
        topic: m.topic,
        heldOn: m.heldOn,
      })}
      description={
        <div>
          <div data-testid="saved-attendance">
            {t('partylife.savedAttendance', {
              present: m.present,
              expected: m.expected,
              leave: m.leave,
              absent: m.absent,
            })}
            {m.quorate ? t('partylife.savedQuorate') : t('partylife.savedNotQuorate')}
          </div>
          <div data-testid="saved-photos">
            {saved.photos ? t('partylife.savedPhotos', { n: saved.photos }) : t('partylife.savedNoPhotos')}
            {saved.photosFailed > 0 &&
              ' ' + t('partylife.savedPhotosFailed', { n: saved.photosFailed, error: saved.photoError })}
          </div>
          <div data-testid="saved-next" style={{ marginTop: 8 }}>
            {m.makeUps.length === 0
              ? t('partylife.savedAllPresent')
              : open.length === 0
                ? t('partylife.savedAllMadeUp')
                : t('partylife.savedNext', { n: open.length, deadline: open[0]!.deadline })}
          </div>
          {m.makeUps.length > 0 && (
            <List
              size="small"
              data-testid="saved-makeups"
              dataSource={m.makeUps}
              renderItem={(k) => (
                <List.Item
                  data-testid={`saved-makeup-${k.id}`}
                  actions={[
                    k.doneOn ? (
                      <Tag color="green" key="done">
                        {t('partylife.madeUpOn', { day: k.doneOn })}
                      </Tag>
                    ) : canRecord ? (
                      <Button
                        key="done"
                        size="small"
                        type="primary"
                        data-testid={`saved-makeup-done-${k.id}`}
                        onClick={() => onDone(k.id)}
                      >
                        {t('partylife.markDone')}
                      </Button>
                    ) : (
                      <Tag key="open">{t('partylife.open')}</Tag>
                    ),
                  ]}
                >
                  {t('partylife.savedMakeUp', {
                    name: k.personName,
                    reason: t(`partylife.att.${k.reason}`),
                    deadline: k.deadline,
                  })}
                </List.Item>
              )}
            />
          )}
        </div>
      }
    />
  );
}
