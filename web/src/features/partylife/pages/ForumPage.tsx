import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, DatePicker, Form, Input, List, Modal, Select, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { partylifeContract, type forumSessionSchema } from '@fivestar/common';
import type { z } from 'zod';

type ForumSession = z.infer<typeof forumSessionSchema>;
import { call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { PagedTable, usePaging } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';

const R = partylifeContract.routes;

/** The township's forum sessions: who reported, who came, and the actions handed to villages as tasks. */
export default function ForumPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { paging, setPaging } = usePaging(20);
  const list = useApiQuery(R.forum, { query: paging });
  const compliance = useApiQuery(R.compliance, { query: { year: dayjs().year() } });
  const villages = (compliance.data?.rows ?? []).map((r) => ({ value: r.unitId, label: r.unitName }));
  const [selected, setSelected] = useState<number | null>(null);
  const session = useApiQuery(selected ? R.forumSession : null, { params: { id: selected ?? 0 } });
  const [adding, setAdding] = useState(false);
  const [following, setFollowing] = useState(false);
  const [form] = Form.useForm();
  const [fu] = Form.useForm();

  const add = async () => {
    const v = (await form.validateFields()) as {
      heldOn: Dayjs;
      title: string;
      topics?: string;
      place?: string;
      speakers?: number[];
      present?: number[];
    };
    try {
      const s = await call(R.createForum, {
        body: {
          heldOn: v.heldOn.format('YYYY-MM-DD'),
          title: v.title,
          topics: v.topics ?? '',
          place: v.place ?? '',
          speakers: (v.speakers ?? []).map((unitId) => ({ unitId, strengths: '', gaps: '' })),
          presentUnitIds: v.present ?? [],
        },
      });
      message.success(t('partylife.forum.saved'));
      setAdding(false);
      setSelected(s.id);
      list.reload();
    } catch (err) {
      message.error(errorText(err, t));
    }
  };
  const followUp = async () => {
    const v = (await fu.validateFields()) as { unitId: number; title: string; deadline: Dayjs };
    try {
      await call(R.createFollowUp, {
        params: { id: selected! },
        body: { unitId: v.unitId, title: v.title, deadline: v.deadline.format('YYYY-MM-DD') },
      });
      message.success(t('partylife.forum.followUpSaved'));
      setFollowing(false);
      session.reload();
      list.reload();
    } catch (err) {
      message.error(errorText(err, t));
    }
  };

  const s = session.data;
  return (
    <div>
      <PageHeader
        title={t('partylife.forum.title')}
        subtitle={t('partylife.forum.subtitle')}
        extra={
          <Button
            type="primary"
            data-testid="forum-add"
            onClick={() => {
              form.resetFields();
              setAdding(true);
            }}
          >
            {t('partylife.forum.add')}
          </Button>
        }
      />
      <PagedTable<ForumSession>
        testId="forum-table"
        result={list}
        paging={paging}
        onPaging={setPaging}
        onRow={(x) => ({ onClick: () => setSelected(x.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('partylife.forum.heldOn'), dataIndex: 'heldOn' },
          { title: t('partylife.forum.name'), dataIndex: 'title' },
          { title: t('partylife.forum.topics'), dataIndex: 'topics' },
          { title: t('partylife.forum.speakers'), dataIndex: 'speakers' },
          {
            title: t('partylife.forum.present'),
            key: 'p',
            render: (_: unknown, x) => `${x.present}/${x.expected}`,
          },
          { title: t('partylife.forum.followUps'), dataIndex: 'followUps' },
        ]}
      />
      {s && (
        <Card
          style={{ marginTop: 16 }}
          title={`${s.heldOn} ${s.title}`}
          extra={
            <Button
              onClick={() => {
                fu.resetFields();
                setFollowing(true);
              }}
            >
              {t('partylife.forum.followUp')}
            </Button>
          }
        >
          <List
            header={t('partylife.forum.speakers')}
            dataSource={s.speakerList}
            renderItem={(x) => (
              <List.Item>
                <List.Item.Meta
                  title={x.unitName}
                  description={`${t('partylife.forum.strengths')}：${x.strengths || '—'}；${t('partylife.forum.gaps')}：${x.gaps || '—'}`}
                />
              </List.Item>
            )}
          />
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={s.followUpList}
            columns={[
              { title: t('partylife.col.unit'), dataIndex: 'unitName' },
              { title: t('partylife.forum.followUpTitle'), dataIndex: 'title' },
              { title: t('partylife.forum.deadline'), dataIndex: 'deadline' },
              {
                title: t('partylife.forum.item'),
                dataIndex: 'itemId',
                render: (id: number | null) =>
                  id ? (
                    <Link to={`/supervision/items/${id}`}>
                      <Tag color="blue">#{id}</Tag>
                    </Link>
                  ) : null,
              },
            ]}
          />
        </Card>
      )}
      <Modal
        open={adding}
        title={t('partylife.forum.add')}
        onCancel={() => setAdding(false)}
        onOk={() => void add()}
        destroyOnHidden
        width={640}
      >
        <Form form={form} layout="vertical" initialValues={{ heldOn: dayjs() }}>
          <Form.Item
            name="heldOn"
            label={t('partylife.forum.heldOn')}
            rules={[{ required: true, message: t('partylife.required') }]}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('partylife.forum.name')}
            rules={[{ required: true, message: t('partylife.required') }]}
          >
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item name="topics" label={t('partylife.forum.topics')}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="place" label={t('partylife.forum.place')}>
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="speakers" label={t('partylife.forum.speakers')}>
            <Select mode="multiple" options={villages} optionFilterProp="label" />
          </Form.Item>
          <Form.Item name="present" label={t('partylife.forum.present')}>
            <Select mode="multiple" options={villages} optionFilterProp="label" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={following}
        title={t('partylife.forum.followUp')}
        onCancel={() => setFollowing(false)}
        onOk={() => void followUp()}
        destroyOnHidden
      >
        <Form form={fu} layout="vertical">
          <Form.Item
            name="unitId"
            label={t('partylife.col.unit')}
            rules={[{ required: true, message: t('partylife.required') }]}
          >
            <Select options={villages} showSearch optionFilterProp="label" />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('partylife.forum.followUpTitle')}
            rules={[{ required: true, message: t('partylife.required') }]}
          >
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item
            name="deadline"
            label={t('partylife.forum.deadline')}
            rules={[{ required: true, message: t('partylife.required') }]}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
