import { useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  List,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { CameraOutlined, TeamOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RURAL_STARS, supervisionContract } from '@fivestar/common';
import { call } from '../../../api/client';
import { applyFieldErrors, errorText } from '../../../api/errors';
import { useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { PageHeader } from '../../../components/PageHeader';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';
import { SupervisionTabs } from '../components/SupervisionTabs';

const R = supervisionContract.routes;

/** Supervision teams: their visits, and the findings handed over as 问题清单 items with a deadline. */
export default function TeamsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const perms = me.permissions as string[];
  const canInspect = perms.includes('supervision:inspect');
  const teams = useApiQuery(R.teams, { query: {} });
  const visits = useApiQuery(R.visits, { query: { page: 1, pageSize: 10 } });
  const [visitForm] = Form.useForm();
  const [findingForm] = Form.useForm();
  const [visit, setVisit] = useState<{ id: number; unitName: string } | null>(null);
  const [photos, setPhotos] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [lastItem, setLastItem] = useState<number | null>(null);
  const photoInput = useRef<HTMLInputElement>(null);
  /** The teams I lead or belong to (a manager of supervision may act for any team of the area). */
  const mine = (teamId: number) =>
    perms.includes('supervision:manage') ||
    !!teams.data?.some(
      (x) => x.id === teamId && (x.leaderUserId === me.id || x.members.some((m) => m.id === me.id)),
    );

  const saveVisit = async () => {
    const v = (await visitForm.validateFields()) as {
      teamId: number;
      unitId: number;
      visitedOn: Dayjs;
      note?: string;
    };
    setBusy(true);
    try {
      const saved = await call(R.createVisit, {
        body: {
          teamId: v.teamId,
          unitId: v.unitId,
          visitedOn: v.visitedOn.format('YYYY-MM-DD'),
          note: v.note ?? '',
        },
      });
      setVisit({ id: saved.id, unitName: saved.unitName });
      setPhotos([]);
      setLastItem(null);
      message.success(t('supervision.teams.visitSaved'));
      visits.reload();
    } catch (err) {
      if (!applyFieldErrors(visitForm, err)) message.error(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const addPhotos = async (files: FileList | null) => {
    if (!visit || !files?.length) return;
    try {
      const ids: number[] = [];
      for (const f of Array.from(files))
        ids.push(
          (
            await call(R.visitUpload, {
              params: { id: visit.id },
              query: { name: f.name },
              body: await f.arrayBuffer(),
            })
          ).id,
        );
      setPhotos((p) => [...p, ...ids]);
    } catch (err) {
      message.error(errorText(err, t));
    }
  };

  const saveFinding = async () => {
    if (!visit) return;
    const v = (await findingForm.validateFields()) as {
      starCode: string;
      title: string;
      measures?: string;
      deadline: Dayjs;
    };
    setBusy(true);
    try {
      const item = await call(R.createFinding, {
        params: { id: visit.id },
        body: {
          starCode: v.starCode,
          title: v.title,
          measures: v.measures ?? '',
          deadline: v.deadline.format('YYYY-MM-DD'),
          fileIds: photos,
        },
      });
      message.success(t('supervision.teams.findingSaved'));
      setLastItem(item.id);
      setPhotos([]);
      findingForm.resetFields();
      teams.reload();
      visits.reload();
    } catch (err) {
      if (!applyFieldErrors(findingForm, err)) message.error(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <PageHeader title={t('supervision.teams.title')} />
      <SupervisionTabs />
      <Row gutter={[16, 16]}>
        <Col xs={{ span: 24, order: 2 }} lg={{ span: 10, order: 1 }}>
          <List
            loading={teams.loading}
            dataSource={teams.data}
            data-testid="teams-list"
            renderItem={(team) => (
              <Card
                size="small"
                style={{ marginBottom: 10 }}
                title={
                  <>
                    <TeamOutlined /> {team.name}
                  </>
                }
              >
                <div>
                  {t('supervision.teams.leader')}：{team.leaderName}
                </div>
                <div>
                  {t('supervision.teams.members')}：{team.members.map((m) => m.name).join('、') || '—'}
                </div>
                <Space style={{ marginTop: 6 }}>
                  <Tag>{t('supervision.teams.visits', { count: team.visits })}</Tag>
                  <Tag>{t('supervision.teams.findings', { count: team.findings })}</Tag>
                </Space>
              </Card>
            )}
          />
          <Card size="small" title={t('supervision.teams.recent')}>
            <List
              size="small"
              dataSource={visits.data?.items}
              renderItem={(v) => (
                <List.Item
                  actions={
                    canInspect && mine(v.teamId)
                      ? [
                          <Button
                            key="f"
                            size="small"
                            onClick={() => setVisit({ id: v.id, unitName: v.unitName })}
                          >
                            {t('supervision.teams.finding')}
                          </Button>,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta
                    title={`${v.visitedOn} · ${v.unitName}`}
                    description={`${v.teamName} · ${t('supervision.teams.findings', { count: v.findings })}`}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        {canInspect && (
          <Col xs={{ span: 24, order: 1 }} lg={{ span: 14, order: 2 }}>
            <Card title={t('supervision.teams.newVisit')} style={{ marginBottom: 16 }}>
              <Form form={visitForm} layout="vertical" initialValues={{ visitedOn: dayjs() }}>
                <Form.Item name="teamId" label={t('supervision.teams.title')} rules={[{ required: true }]}>
                  <Select
                    data-testid="visit-team"
                    size="large"
                    options={teams.data
                      ?.filter((x) => mine(x.id))
                      .map((x) => ({ value: x.id, label: x.name }))}
                  />
                </Form.Item>
                <Form.Item name="unitId" label={t('supervision.teams.village')} rules={[{ required: true }]}>
                  <UnitTreeSelect id="visit-unit" />
                </Form.Item>
                <Form.Item name="visitedOn" label={t('supervision.teams.date')} rules={[{ required: true }]}>
                  <DatePicker size="large" style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="note" label={t('supervision.teams.note')}>
                  <Input.TextArea rows={2} />
                </Form.Item>
                <Button
                  type="primary"
                  size="large"
                  block
                  loading={busy}
                  onClick={() => void saveVisit()}
                  data-testid="save-visit"
                >
                  {t('supervision.teams.newVisit')}
                </Button>
              </Form>
            </Card>
            {visit && (
              <Card
                title={`${t('supervision.teams.finding')} · ${visit.unitName}`}
                data-testid="finding-card"
              >
                <Form
                  form={findingForm}
                  layout="vertical"
                  initialValues={{ deadline: dayjs().add(7, 'day') }}
                >
                  <Form.Item name="starCode" label={t('supervision.col.star')} rules={[{ required: true }]}>
                    <Select
                      size="large"
                      data-testid="finding-star"
                      options={RURAL_STARS.map((s) => ({ value: s.code, label: s.name }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name="title"
                    label={t('supervision.teams.findingTitle')}
                    rules={[{ required: true }]}
                  >
                    <Input size="large" data-testid="finding-title" />
                  </Form.Item>
                  <Form.Item name="measures" label={t('supervision.teams.measures')}>
                    <Input.TextArea rows={2} />
                  </Form.Item>
                  <Form.Item
                    name="deadline"
                    label={t('supervision.teams.deadline')}
                    rules={[{ required: true }]}
                  >
                    <DatePicker size="large" style={{ width: '100%' }} data-testid="finding-deadline" />
                  </Form.Item>
                  <Space style={{ marginBottom: 12 }}>
                    <Button
                      icon={<CameraOutlined />}
                      size="large"
                      onClick={() => photoInput.current?.click()}
                    >
                      {t('supervision.teams.photo')}
                    </Button>
                    {photos.length > 0 && (
                      <Typography.Text>
                        {t('supervision.form.photosAdded', { count: photos.length })}
                      </Typography.Text>
                    )}
                    <input
                      ref={photoInput}
                      type="file"
                      accept="image/*"
                      multiple
                      hidden
                      data-testid="finding-photo"
                      onChange={(e) => void addPhotos(e.target.files)}
                    />
                  </Space>
                  <Button
                    type="primary"
                    size="large"
                    block
                    loading={busy}
                    onClick={() => void saveFinding()}
                    data-testid="save-finding"
                  >
                    {t('supervision.teams.finding')}
                  </Button>
                </Form>
                {lastItem && (
                  <Alert
                    style={{ marginTop: 12 }}
                    type="success"
                    showIcon
                    title={
                      <Link to={`/supervision/items/${lastItem}`}>{t('supervision.teams.findingSaved')}</Link>
                    }
                  />
                )}
              </Card>
            )}
          </Col>
        )}
      </Row>
    </div>
  );
}
