import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { campaignCodeSchema, gridContract, type Campaign } from '@fivestar/common';
import { call } from '../../../api/client';
import { applyFieldErrors, errorText, validated } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { schemaRule } from '../../../components/schemaRule';

const { routes } = gridContract;

interface FormValues {
  code?: string;
  name: string;
  period: [Dayjs, Dayjs];
  subCategories: string[];
}

/** Campaigns (命案防范百日行动, 六防六促, 夜间巡逻…): period, case sub-categories, and their case tally (grid:admin). */
export function Campaigns() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const campaigns = useApiQuery(routes.campaigns);
  const [editing, setEditing] = useState<Campaign | 'new' | null>(null);
  const [form] = Form.useForm<FormValues>();

  const submit = async () => {
    if (!editing) return;
    const values = await validated(form);
    if (!values) return;
    const body = {
      name: values.name.trim(),
      startDate: values.period[0].format('YYYY-MM-DD'),
      endDate: values.period[1].format('YYYY-MM-DD'),
      subCategories: values.subCategories.map((s) => s.trim()).filter((s) => s !== ''),
    };
    try {
      if (editing === 'new')
        await call(routes.createCampaign, {
          body: { code: values.code?.trim() || `c-${Date.now().toString(36)}`, ...body },
        });
      else await call(routes.patchCampaign, { params: { id: editing.id }, body });
      message.success(t('grid.campaigns.saved'));
      setEditing(null);
      campaigns.reload();
    } catch (err) {
      // the server names startDate / endDate; the form has one period field
      if (!applyFieldErrors(form, err)) message.error(errorText(err, t));
    }
  };

  return (
    <Card
      variant="borderless"
      title={t('grid.campaigns.title')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          data-testid="campaign-add"
          onClick={() => setEditing('new')}
        >
          {t('grid.campaigns.add')}
        </Button>
      }
    >
      {campaigns.error && <Alert type="error" showIcon title={errorText(campaigns.error, t)} />}
      <Table<Campaign>
        rowKey="id"
        size="small"
        data-testid="campaign-list"
        dataSource={campaigns.data}
        loading={campaigns.loading}
        pagination={false}
        locale={{ emptyText: t('grid.campaigns.empty') }}
        columns={[
          {
            title: t('grid.campaigns.name'),
            dataIndex: 'name',
            render: (name: string, c) => (
              <span data-testid={`campaign-${c.code}`}>
                <b>{name}</b>
                <br />
                <Typography.Text type="secondary">{c.code}</Typography.Text>
              </span>
            ),
          },
          {
            title: t('grid.campaigns.period'),
            key: 'period',
            width: 210,
            render: (_, c) => `${c.startDate} ~ ${c.endDate}`,
          },
          {
            title: t('grid.campaigns.cases'),
            dataIndex: 'cases',
            width: 90,
            align: 'right',
            render: (n: number) => n.toLocaleString(),
          },
          {
            title: t('grid.campaigns.tally'),
            key: 'tally',
            render: (_, c) => (
              <Space size={[4, 4]} wrap data-testid={`campaign-tally-${c.code}`}>
                {Object.entries(c.bySubCategory).map(([sub, n]) => (
                  <Tag
                    key={sub}
                    color={c.subCategories.includes(sub) ? (n > 0 ? 'blue' : 'default') : 'orange'}
                  >
                    {sub} · {n.toLocaleString()}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            key: 'x',
            width: 90,
            render: (_, c) => (
              <Button
                type="link"
                size="small"
                data-testid={`campaign-edit-${c.code}`}
                onClick={() => setEditing(c)}
              >
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('grid.campaigns.add') : t('grid.campaigns.edit')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ 'data-testid': 'campaign-save' }}
        onOk={() => void submit()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
        maskClosable={false}
      >
        <Form<FormValues>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={
            editing && editing !== 'new'
              ? {
                  name: editing.name,
                  period: [dayjs(editing.startDate), dayjs(editing.endDate)],
                  subCategories: editing.subCategories,
                }
              : { subCategories: [] }
          }
        >
          <Form.Item
            name="name"
            label={t('grid.campaigns.name')}
            rules={[{ required: true, whitespace: true, max: 60, message: t('grid.campaigns.required') }]}
          >
            <Input maxLength={60} data-testid="campaign-name" />
          </Form.Item>
          {editing === 'new' && (
            <Form.Item
              name="code"
              label={t('grid.campaigns.code')}
              extra={t('grid.campaigns.codeHint')}
              rules={[schemaRule(campaignCodeSchema, t, t('grid.campaigns.codeHint'))]}
            >
              <Input data-testid="campaign-code" />
            </Form.Item>
          )}
          <Form.Item
            name="period"
            label={t('grid.campaigns.period')}
            rules={[{ required: true, message: t('grid.campaigns.required') }]}
          >
            <DatePicker.RangePicker style={{ width: '100%' }} data-testid="campaign-period" />
          </Form.Item>
          <Form.Item
            name="subCategories"
            label={t('grid.campaigns.subCategories')}
            extra={t('grid.campaigns.subCategoriesHint')}
            rules={[{ required: true, type: 'array', min: 1, message: t('grid.campaigns.required') }]}
          >
            <Select mode="tags" data-testid="campaign-sub-categories" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
