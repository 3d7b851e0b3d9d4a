import { useState } from 'react';
import { App, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  ITEM_LISTS,
  itemCreateSchema,
  RURAL_STARS,
  supervisionContract,
  URBAN_STARS,
} from '@fivestar/common';
import { call } from '../../../api/client';
import { applyFieldErrors, errorText } from '../../../api/errors';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';

const STARS = [...RURAL_STARS, ...URBAN_STARS.filter((u) => !RURAL_STARS.some((r) => r.code === u.code))];

/** The township adds an item to a village's lists (the owner defaults to the village's secretary). */
export function NewItemModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: number) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = (await form.validateFields()) as {
      unitId: number;
      list: (typeof ITEM_LISTS)[number];
      starCode: string;
      title: string;
      measures?: string;
      evidenceRequired?: string;
      evidenceMin: number;
      deadline: Dayjs;
    };
    const body = { ...v, year: v.deadline.year(), deadline: v.deadline.format('YYYY-MM-DD') };
    const parsed = itemCreateSchema.safeParse(body);
    if (!parsed.success) {
      form.setFields(
        parsed.error.issues.map((i) => ({
          name: [String(i.path[0])],
          errors: [t('supervision.form.invalid')],
        })),
      );
      return;
    }
    setBusy(true);
    try {
      const item = await call(supervisionContract.routes.createItem, { body: parsed.data });
      message.success(t('supervision.done.created'));
      form.resetFields();
      onCreated(item.id);
    } catch (err) {
      if (!applyFieldErrors(form, err)) message.error(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('supervision.action.create')}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': 'create-ok' } as never}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ list: 'task', evidenceMin: 1 }}>
        <Form.Item name="unitId" label={t('supervision.col.village')} rules={[{ required: true }]}>
          <UnitTreeSelect />
        </Form.Item>
        <Form.Item name="list" label={t('supervision.form.list')} rules={[{ required: true }]}>
          <Select options={ITEM_LISTS.map((l) => ({ value: l, label: t(`supervision.list.${l}`) }))} />
        </Form.Item>
        <Form.Item name="starCode" label={t('supervision.col.star')} rules={[{ required: true }]}>
          <Select options={STARS.map((s) => ({ value: s.code, label: s.name }))} />
        </Form.Item>
        <Form.Item name="title" label={t('supervision.col.title')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="measures" label={t('supervision.detail.measures')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="evidenceRequired" label={t('supervision.detail.evidence')} rules={[{ max: 300 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="evidenceMin" label={t('supervision.form.evidenceMin')}>
          <InputNumber min={0} max={20} />
        </Form.Item>
        <Form.Item name="deadline" label={t('supervision.col.deadline')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
