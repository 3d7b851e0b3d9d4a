import { useEffect, useState } from 'react';
import { App, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  developmentContract,
  inputFieldsOf,
  recordInputSchema,
  REGISTRIES,
  type DevRecord,
  type FieldSpec,
  type RegistryCode,
} from '@fivestar/common';
import { ApiError, call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';
import { zh } from '../i18n';

const routes = developmentContract.routes;

function control(code: RegistryCode, f: FieldSpec, t: TFunction, masked?: string | null) {
  switch (f.kind) {
    case 'longtext':
      return <Input.TextArea rows={3} maxLength={f.max} showCount />;
    case 'int':
    case 'decimal':
    case 'year':
      return <InputNumber style={{ width: '100%' }} min={f.min} max={f.max} inputMode="decimal" />;
    case 'date':
      return <Input type="date" />;
    case 'enum':
      return (
        <Select
          options={(f.options ?? []).map((o) => ({
            value: o.value,
            label: t(`development.option.${code}.${f.key}.${o.value}`),
          }))}
        />
      );
    case 'bool':
      return <Switch />;
    case 'unit':
      return <UnitTreeSelect />;
    case 'person':
    case 'idNumber':
      return <Input maxLength={18} inputMode="text" autoComplete="off" placeholder={masked ?? undefined} />;
    default:
      return <Input maxLength={f.max} />;
  }
}

/** The dictionary key of a schema message (the server's keys are translated by the server; these by the page). */
type ErrKey = `development.err.${keyof typeof zh.err}`;

function clientMessage(message: string, value: unknown): ErrKey {
  if (value === '' || value === undefined || value === null) return 'development.err.required';
  const own = message.replace(/^development\.err\./, '');
  if (own !== message && own in zh.err) return `development.err.${own as keyof typeof zh.err}`;
  if (message.startsWith('err.id_number')) return 'development.err.id_number';
  if (message.startsWith('err.date')) return 'development.err.date';
  return 'development.err.invalid';
}

/**
 * Adds or edits one record of a registry; the fields come from the registry's descriptor and are checked with its
 * schema before sending (the server checks again, in the caller's area). An edit names the version it started
 * from; if someone saved in between, the form says so and reloads.
 */
export function RecordForm({
  code,
  open,
  record,
  parentId,
  onClose,
  onSaved,
}: {
  code: RegistryCode;
  open: boolean;
  record: DevRecord | null;
  parentId?: number;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const fields = inputFieldsOf(REGISTRIES[code]);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (record)
      form.setFieldsValue(
        Object.fromEntries(
          fields.map((f) => [
            f.key,
            f.kind === 'person' || f.kind === 'idNumber'
              ? undefined
              : f.kind === 'unit'
                ? record.unitId
                : record.values[f.key],
          ]),
        ),
      );
  }, [open, record, form, fields]);

  const submit = async () => {
    const raw = form.getFieldsValue(true) as Record<string, unknown>;
    const values = Object.fromEntries(
      fields.map((f) => [f.key, raw[f.key] ?? (f.kind === 'bool' ? false : '')]),
    );
    const parsed = recordInputSchema(code).safeParse(values);
    if (!parsed.success) {
      form.setFields(
        parsed.error.issues.map((i) => ({
          name: String(i.path[0]),
          errors: [t(clientMessage(i.message, values[String(i.path[0])]))],
        })),
      );
      return;
    }
    setBusy(true);
    try {
      if (record)
        await call(routes.update, {
          params: { registry: code, id: record.id },
          body: { values },
          headers: { 'if-match': `"${record.version}"` },
        });
      else
        await call(routes.create, {
          params: { registry: code },
          body: { values, ...(parentId ? { parentId } : {}) },
        });
      message.success(t(record ? 'development.list.updated' : 'development.list.created'));
      onSaved();
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        message.warning(t('development.list.stale'));
        onSaved();
        onClose();
      } else if (err instanceof ApiError && err.fields.some((f) => f.path.startsWith('values.'))) {
        form.setFields(
          err.fields
            .filter((f) => f.path.startsWith('values.'))
            .map((f) => ({ name: f.path.slice(7), errors: [f.message] })),
        );
      } else message.error(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={`${t(record ? 'development.list.edit' : 'development.list.add')} · ${t(`development.registry.${code}`)}`}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      destroyOnHidden
      forceRender
    >
      <Form form={form} layout="vertical" data-testid="record-form">
        {fields.map((f) => (
          <Form.Item
            key={f.key}
            name={f.key}
            label={t(`development.field.${code}.${f.key}`)}
            required={f.required}
            valuePropName={f.kind === 'bool' ? 'checked' : 'value'}
          >
            {control(
              code,
              f,
              t,
              f.kind === 'person' && record ? (record.values[f.key] as string | null) : null,
            )}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
