import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { orgContract, orgUnitPatchSchema } from '@fivestar/common';
import { call } from '../../../api/client';
import { applyFieldErrors, errorText, validated } from '../../../api/errors';
import { maxLengthOf, schemaRule } from '../../../components/schemaRule';

const NAME = orgUnitPatchSchema.shape.name;

interface Props {
  unit: { id: number; name: string } | null;
  onClose: () => void;
  onSaved: () => void;
}

/** Renames an organisation unit (org:write). */
export function RenameUnitModal({ unit, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();

  const submit = async () => {
    if (!unit) return;
    const values = await validated(form);
    if (!values) return;
    const { name } = values;
    try {
      await call(orgContract.routes.renameUnit, { params: { id: unit.id }, body: { name: name.trim() } });
      message.success(t('org.renamed'));
      onSaved();
      onClose();
    } catch (err) {
      if (!applyFieldErrors(form, err)) message.error(errorText(err, t));
    }
  };

  return (
    <Modal
      open={!!unit}
      title={t('org.rename')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        name="rename-unit"
        layout="vertical"
        initialValues={{ name: unit?.name }}
        preserve={false}
      >
        <Form.Item
          name="name"
          label={t('org.name')}
          rules={[
            { required: true, whitespace: true, message: t('org.nameRequired') },
            schemaRule(NAME, t, t('org.nameRequired')),
          ]}
        >
          <Input maxLength={maxLengthOf(NAME)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
