import { Checkbox, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  FACT_OPS,
  INDICATOR_TYPES,
  indicatorSchema,
  indicatorSlugSchema,
  type Fact,
  type Indicator,
  type StandardDefinition,
} from '@fivestar/common';
import { schemaRule } from '../../../components/schemaRule';
import { buildIndicator, nextIndicatorCode, type NewIndicator } from '../indicatorDraft';

/** The longest title, unit and note an indicator takes (from the schema the server checks). */
const { title: titleSchema, unit: unitSchema, note: noteSchema } = indicatorSchema.shape;
const TITLE_MAX = titleSchema.maxLength ?? undefined;
const UNIT_MAX = unitSchema.unwrap().unwrap().maxLength ?? undefined;
const NOTE_MAX = noteSchema.unwrap().unwrap().maxLength ?? undefined;

/**
 * The county adds an indicator to a star of a draft standard: title, type and the fields that type needs
 * (numeric: threshold + unit; evidence: file count; derived: a registered fact, operator and threshold),
 * the confirmed/guessed mark and a note. The code is `<star>.<suffix>` (a counter when no suffix is typed).
 */
export function AddIndicatorModal({
  def,
  facts,
  initialStar,
  onAdd,
  onClose,
}: {
  def: StandardDefinition;
  facts: Fact[];
  initialStar?: string;
  onAdd: (ind: Indicator) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<NewIndicator>();
  const type = Form.useWatch('type', form);
  const starCode = Form.useWatch('starCode', form);
  const slug = Form.useWatch('slug', form);
  const en = i18n.language.startsWith('en');
  const codes = new Set(def.indicators.map((i) => i.code));
  const preview = starCode ? nextIndicatorCode(def, starCode, slug) : '';
  const required = [{ required: true, message: t('ratings.standards.add.required') }];
  const submit = async () => {
    let v: NewIndicator;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    onAdd(buildIndicator(def, v));
  };
  return (
    <Modal
      open
      title={t('ratings.standards.add.title')}
      okText={t('ratings.standards.add.ok')}
      okButtonProps={{ 'data-testid': 'add-indicator-ok' } as never}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="add-indicator-form"
        initialValues={{
          starCode: initialStar ?? def.stars[0]?.code,
          type: 'boolean',
          verified: false,
          minFiles: 0,
          op: '>=',
        }}
        onValuesChange={(changed: Partial<NewIndicator>) => {
          if (changed.type === 'evidence' && !form.getFieldValue('minFiles'))
            form.setFieldValue('minFiles', 1);
          if (changed.fact) {
            const f = facts.find((x) => x.code === changed.fact);
            if (f?.unit) form.setFieldValue('unit', f.unit);
            if (f?.kind === 'boolean') form.setFieldsValue({ op: '=', threshold: 1 });
          }
        }}
      >
        <Form.Item name="starCode" label={t('ratings.star')} rules={required}>
          <Select
            data-testid="add-indicator-star"
            options={[...def.stars]
              .sort((a, b) => a.order - b.order)
              .map((s) => ({ value: s.code, label: en ? s.nameEn : s.name }))}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('ratings.standards.indicator')}
          rules={[...required, { max: TITLE_MAX }]}
        >
          <Input data-testid="add-indicator-title" />
        </Form.Item>
        <Form.Item
          name="slug"
          label={t('ratings.standards.add.code')}
          extra={preview && t('ratings.standards.add.codePreview', { code: preview })}
          rules={[
            schemaRule(indicatorSlugSchema, t, t('ratings.standards.add.codeFormat')),
            {
              validator: async (_, value?: string) => {
                if (value && starCode && codes.has(`${starCode}.${value}`))
                  throw new Error(t('ratings.standards.add.codeTaken'));
              },
            },
          ]}
        >
          <Input data-testid="add-indicator-code" placeholder={t('ratings.standards.add.codeAuto')} />
        </Form.Item>
        <Form.Item name="type" label={t('ratings.standards.add.type')} rules={required}>
          <Select
            data-testid="add-indicator-type"
            options={INDICATOR_TYPES.map((x) => ({ value: x, label: t(`ratings.type.${x}` as never) }))}
          />
        </Form.Item>
        {type === 'derived' && (
          <>
            <Form.Item name="fact" label={t('ratings.standards.fact')} rules={required}>
              <Select
                data-testid="add-indicator-fact"
                options={facts.map((f) => ({
                  value: f.code,
                  label: en ? f.nameEn : f.nameZh,
                }))}
              />
            </Form.Item>
            <Form.Item name="op" label={t('ratings.standards.add.op')} rules={required}>
              <Select options={FACT_OPS.map((o) => ({ value: o, label: o }))} />
            </Form.Item>
          </>
        )}
        {(type === 'numeric' || type === 'derived') && (
          <>
            <Form.Item
              name="threshold"
              label={
                type === 'numeric' ? t('ratings.standards.add.atLeast') : t('ratings.standards.threshold')
              }
              rules={required}
            >
              <InputNumber data-testid="add-indicator-threshold" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name="unit"
              label={t('ratings.standards.unit')}
              rules={type === 'numeric' ? [...required, { max: UNIT_MAX }] : [{ max: UNIT_MAX }]}
            >
              <Input data-testid="add-indicator-unit" />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="minFiles"
          label={t('ratings.standards.minFiles')}
          rules={
            type === 'evidence'
              ? [{ type: 'number', min: 1, message: t('ratings.standards.add.filesNeeded') }]
              : []
          }
        >
          <InputNumber data-testid="add-indicator-files" min={0} max={20} precision={0} />
        </Form.Item>
        <Form.Item name="verified" valuePropName="checked">
          <Checkbox data-testid="add-indicator-verified">{t('ratings.standards.add.verified')}</Checkbox>
        </Form.Item>
        <Form.Item name="note" label={t('ratings.standards.add.note')} rules={[{ max: NOTE_MAX }]}>
          <Input.TextArea data-testid="add-indicator-note" rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
