import { App, Checkbox, Form, Input, Modal, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { PERSON_TAGS, idNumberProblem, isValidMobile, type Person } from '@fivestar/common';
import { api } from '../../../api/client';
import { applyFieldErrors, errorText, validated } from '../../../api/errors';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';

interface Values {
  unitId: number;
  name: string;
  idNumber: string;
  phone?: string;
  isPartyMember: boolean;
  tags: string[];
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
      const person = await api.post<Person>('/persons', {
        unitId: values.unitId,
        name: values.name.trim(),
        idNumber: values.idNumber.trim().toUpperCase(),
        ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
        isPartyMember: values.isPartyMember,
        tags: values.tags,
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
          rules={[{ required: true, whitespace: true, message: t('persons.nameRequired') }]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('persons.idNumber')}
          validateTrigger="onBlur"
          rules={[
            { required: true, message: t('persons.idRequired') },
            {
              validator: async (_r, value: unknown) => {
                if (typeof value !== 'string' || !value.trim()) return;
                const problem = idNumberProblem(value.trim());
                if (problem) throw new Error(t(`persons.idProblem.${problem}`));
              },
            },
          ]}
        >
          <Input maxLength={18} className="fs-mono" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('persons.phone')}
          validateTrigger="onBlur"
          rules={[
            {
              validator: async (_r, value: unknown) => {
                if (typeof value === 'string' && value.trim() && !isValidMobile(value.trim())) {
                  throw new Error(t('persons.phoneFormat'));
                }
              },
            },
          ]}
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
