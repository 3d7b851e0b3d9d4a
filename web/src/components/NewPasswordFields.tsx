import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { passwordRule, sameAsRule } from './passwordRule';

/** A new password (checked against the policy) and its confirmation, as two form items. */
export function NewPasswordFields({ name, label }: { name: string; label: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name={name} label={label} extra={t('auth.passwordPolicy')} rules={[passwordRule(t)]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('auth.confirmPassword')}
        dependencies={[name]}
        rules={[{ required: true, message: t('auth.passwordRequired') }, sameAsRule(t, name)]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
