import { App, Checkbox, Form, Input, Modal, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  PERSON_TAGS,
  personCreateSchema,
  personsContract,
  type Person,
  type PersonTag,
} from '@fivestar/common';
import { call } from '../../../api/client';
import { applyFieldErrors, errorText, validated } from '../../../api/errors';
import { maxLengthOf, schemaRule } from '../../../components/schemaRule';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';

/** The server's rules for each field (common's schema): the form checks the same ones. */
const FIELDS = personCreateSchema.shape;

interface Values {
  unitId: number;
  name: string;
  idNumber: string;
  phone?: string;
  isPartyMember: boolean;
  tags: PersonTag[];
}

interface Props {
  open: boolean;
  onClose: () => void;
  onCreated: (person: Person) => void;
}

/** Registers a person. Server-side validation errors land on the matching field. */
export function PersonCreateModal({ open, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();

  const submit = async () => {
    const values = await validated(form);
    if (!values) return;
    try {
      const person = await call(personsContract.routes.create, {
        body: {
          unitId: values.unitId,
          name: values.name.trim(),
          idNumber: values.idNumber.trim().toUpperCase(),
          ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
          isPartyMember: values.isPartyMember,
          tags: values.tags,
        },
      });
      message.success(t('persons.created'));
      form.resetFields();
      onCreated(person);
      onClose();
    } catch (err) {
      if (!applyFieldErrors(form, err)) message.error(errorText(err, t));
    }
  };

  return (
    <Modal
      open={open}
      title={t('persons.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        name="person"
        layout="vertical"
        initialValues={{ isPartyMember: false, tags: [] }}
        autoComplete="off"
        data-testid="person-form"
      >
        <Form.Item
          name="unitId"
          label={t('common.unit')}
          rules={[{ required: true, message: t('persons.unitRequired') }]}
        >
          <UnitTreeSelect />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('persons.name')}
          rules={[
            { required: true, whitespace: true, message: t('persons.nameRequired') },
            schemaRule(FIELDS.name, t, t('persons.nameRequired')),
          ]}
        >
          <Input maxLength={maxLengthOf(FIELDS.name)} />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('persons.idNumber')}
          validateTrigger="onBlur"
          rules={[
            { required: true, message: t('persons.idRequired') },
            schemaRule(FIELDS.idNumber, t, t('err.id_number.format')),
          ]}
        >
          <Input maxLength={18} className="fs-mono" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('persons.phone')}
          validateTrigger="onBlur"
          rules={[schemaRule(FIELDS.phone, t, t('err.phone.format'))]}
        >
          <Input maxLength={11} inputMode="tel" className="fs-mono" />
        </Form.Item>
        <Form.Item name="isPartyMember" label={t('persons.partyMember')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="tags" label={t('persons.tags')}>
          <Checkbox.Group
            // party membership has its own switch above
            options={PERSON_TAGS.filter((tag) => tag !== 'party_member').map((tag) => ({
              value: tag,
              label: t(`persons.tag.${tag}`),
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
