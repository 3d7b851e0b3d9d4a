import { useEffect } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { userCreateSchema, usersContract, type Role, type RoleCode, type User } from '@fivestar/common';
import { call } from '../../../api/client';
import { applyFieldErrors, errorText, validated } from '../../../api/errors';
import { NewPasswordFields } from '../../../components/NewPasswordFields';
import { maxLengthOf, schemaRule } from '../../../components/schemaRule';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';
import { roleLabel } from './roles';

/** The server's rules for each field (common's schema): the form checks the same ones. */
const FIELDS = userCreateSchema.shape;

interface Values {
  username: string;
  displayName: string;
  role: RoleCode;
  unitId: number;
  password: string;
  confirm: string;
}

interface Props {
  open: boolean;
  /** null: create a user; otherwise edit this one (name, role, unit). */
  user: User | null;
  roles: Role[];
  onClose: () => void;
  onSaved: (user: User) => void;
}

export function UserFormModal({ open, user, roles, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const editing = user !== null;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (user)
      form.setFieldsValue({
        displayName: user.displayName,
        role: user.role as RoleCode,
        unitId: user.unitId,
      });
  }, [open, user, form]);

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    try {
      const saved = editing
        ? await call(usersContract.routes.update, {
            params: { id: user.id },
            body: { displayName: v.displayName.trim(), role: v.role, unitId: v.unitId },
          })
        : await call(usersContract.routes.create, {
            body: {
              username: v.username.trim(),
              displayName: v.displayName.trim(),
              role: v.role,
              unitId: v.unitId,
              password: v.password,
            },
          });
      message.success(editing ? t('users.saved') : t('users.created', { name: saved.displayName }));
      onSaved(saved);
      onClose();
    } catch (err) {
      if (!applyFieldErrors(form, err)) message.error(errorText(err, t));
    }
  };

  return (
    <Modal
      open={open}
      title={editing ? `${t('users.edit')} · ${user.username}` : t('users.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      forceRender
    >
      <Form<Values> form={form} name="user" layout="vertical" autoComplete="off" data-testid="user-form">
        {!editing && (
          <Form.Item
            name="username"
            label={t('users.username')}
            extra={t('users.usernameFormat')}
            rules={[
              { required: true, message: t('users.usernameRequired') },
              schemaRule(FIELDS.username, t, t('users.usernameFormat')),
            ]}
          >
            <Input maxLength={maxLengthOf(FIELDS.username)} autoCapitalize="none" spellCheck={false} />
          </Form.Item>
        )}
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[
            { required: true, whitespace: true, message: t('users.displayNameRequired') },
            schemaRule(FIELDS.displayName, t, t('users.displayNameRequired')),
          ]}
        >
          <Input maxLength={maxLengthOf(FIELDS.displayName)} />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('users.role')}
          rules={[{ required: true, message: t('users.roleRequired') }]}
        >
          <Select options={roles.map((r) => ({ value: r.code, label: roleLabel(r) }))} />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t('common.unit')}
          rules={[{ required: true, message: t('persons.unitRequired') }]}
        >
          <UnitTreeSelect valueName={user?.unitName} />
        </Form.Item>
        {!editing && (
          <>
            <NewPasswordFields name="password" label={t('users.password')} />
          </>
        )}
      </Form>
    </Modal>
  );
}
