import { useEffect } from 'react';
import { App, Button, Card, Form, InputNumber, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { settingsPutSchema, supervisionContract } from '@fivestar/common';
import { call } from '../../../api/client';
import { applyFieldErrors, errorText } from '../../../api/errors';
import { useMe } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';

const R = supervisionContract.routes;

/** The slip and flag thresholds of the caller's unit (inherited by the units below; open items follow at once). */
export function SettingsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const current = useApiQuery(R.settings, { query: {} });
  const [form] = Form.useForm();
  useEffect(() => {
    if (current.data) form.setFieldsValue(current.data);
  }, [current.data, form]);
  const save = async () => {
    const v = (await form.validateFields()) as { blueDays: number; behindPoints: number; flagCount: number };
    const parsed = settingsPutSchema.safeParse({ unitId: me.unit.id, ...v });
    if (!parsed.success) return;
    try {
      await call(R.putSettings, { body: parsed.data });
      message.success(t('supervision.settings.saved'));
      current.reload();
    } catch (err) {
      if (!applyFieldErrors(form, err)) message.error(errorText(err, t));
    }
  };
  return (
    <Card variant="borderless" title={t('supervision.settings.title')} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t('supervision.settings.intro')}</Typography.Paragraph>
      <Form form={form} layout="inline">
        <Space wrap>
          <Form.Item name="blueDays" label={t('supervision.settings.blueDays')} rules={[{ required: true }]}>
            <InputNumber min={0} max={30} />
          </Form.Item>
          <Form.Item
            name="behindPoints"
            label={t('supervision.settings.behindPoints')}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} max={100} />
          </Form.Item>
          <Form.Item
            name="flagCount"
            label={t('supervision.settings.flagCount')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={10} />
          </Form.Item>
          <Button type="primary" onClick={() => void save()}>
            {t('supervision.settings.save')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
