import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  EVENT_CLASSES,
  eventTypeCodeSchema,
  gridContract,
  THREE_ZERO_KINDS,
  type EventClass,
  type EventType,
  type ThreeZeroKind,
} from '@fivestar/common';
import { call } from '../../../api/client';
import { applyFieldErrors, errorText, validated } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { schemaRule } from '../../../components/schemaRule';

const { routes } = gridContract;
type Row = EventType & { children?: Row[] };

/** What the modal edits: a new top-level type, a new sub-type under `parent`, or an existing type. */
type Editing =
  { mode: 'create'; cls: EventClass; parent: EventType | null } | { mode: 'edit'; type: EventType } | null;

interface FormValues {
  code?: string;
  nameZh: string;
  nameEn?: string;
  threeZero?: ThreeZeroKind | null;
}

/** A code for a new type when the admin leaves it empty: under the parent's code (or the class), unique enough. */
const generatedCode = (cls: EventClass, parent: EventType | null) =>
  `${parent?.code ?? cls}.t${Date.now().toString(36)}`.slice(0, 41);

/** The event-type dictionary (grid:admin): types under 事件类 / 矛盾类 with their sub-types; never deleted. */
export function TypeDictionary() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const types = useApiQuery(routes.types);
  const [cls, setCls] = useState<EventClass>('event');
  const [editing, setEditing] = useState<Editing>(null);
  const [collapsed, setCollapsed] = useState<number[]>([]);
  const [form] = Form.useForm<FormValues>();

  const rows = useMemo<Row[]>(() => {
    const all = (types.data ?? []).filter((x) => x.class === cls);
    return all
      .filter((x) => x.parentCode === null)
      .map((p) => {
        const children = all.filter((c) => c.parentCode === p.code);
        return children.length > 0 ? { ...p, children } : { ...p };
      });
  }, [types.data, cls]);
  const expanded = rows.filter((r) => r.children && !collapsed.includes(r.id)).map((r) => r.id);

  const setActive = async (type: EventType, active: boolean) => {
    try {
      await call(routes.patchType, { params: { id: type.id }, body: { active } });
      message.success(t('grid.dictionary.saved'));
      types.reload();
    } catch (err) {
      message.error(errorText(err, t));
    }
  };

  const submit = async () => {
    if (!editing) return;
    const values = await validated(form);
    if (!values) return;
    const nameZh = values.nameZh.trim();
    const nameEn = values.nameEn?.trim() || nameZh;
    try {
      if (editing.mode === 'create') {
        await call(routes.createType, {
          body: {
            code: values.code?.trim() || generatedCode(editing.cls, editing.parent),
            class: editing.cls,
            parentCode: editing.parent?.code ?? null,
            nameZh,
            nameEn,
            threeZero: values.threeZero ?? null,
          },
        });
        message.success(t('grid.dictionary.created'));
      } else {
        await call(routes.patchType, {
          params: { id: editing.type.id },
          body: { nameZh, nameEn, threeZero: values.threeZero ?? null },
        });
        message.success(t('grid.dictionary.saved'));
      }
      setEditing(null);
      types.reload();
    } catch (err) {
      if (!applyFieldErrors(form, err)) message.error(errorText(err, t));
    }
  };

  const actions = (type: Row) => {
    const parent = type.parentCode
      ? types.data?.find((x) => x.code === type.parentCode && x.class === type.class)
      : undefined;
    const activeChildren = (type.children ?? []).filter((c) => c.active).length;
    return (
      <Space size={0} wrap>
        {type.parentCode === null && type.active && (
          <Button
            type="link"
            size="small"
            data-testid={`type-add-sub-${type.code}`}
            onClick={() => setEditing({ mode: 'create', cls: type.class, parent: type })}
          >
            {t('grid.dictionary.addSub')}
          </Button>
        )}
        <Button
          type="link"
          size="small"
          data-testid={`type-rename-${type.code}`}
          onClick={() => setEditing({ mode: 'edit', type })}
        >
          {t('grid.dictionary.rename')}
        </Button>
        {type.active ? (
          <Popconfirm
            title={t('grid.dictionary.deactivateConfirm', {
              name: type.nameZh,
              children:
                activeChildren > 0 ? t('grid.dictionary.withChildren', { count: activeChildren }) : '',
            })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => setActive(type, false)}
          >
            <Button type="link" size="small" danger data-testid={`type-deactivate-${type.code}`}>
              {t('grid.dictionary.deactivate')}
            </Button>
          </Popconfirm>
        ) : (
          // A sub-type comes back only under an active parent.
          <Button
            type="link"
            size="small"
            disabled={parent !== undefined && !parent.active}
            data-testid={`type-reactivate-${type.code}`}
            onClick={() => void setActive(type, true)}
          >
            {t('grid.dictionary.reactivate')}
          </Button>
        )}
      </Space>
    );
  };

  const creating = editing?.mode === 'create' ? editing : null;
  return (
    <Card
      variant="borderless"
      title={t('grid.dictionary.title')}
      extra={
        <Space wrap>
          <Segmented
            value={cls}
            onChange={(v) => setCls(v as EventClass)}
            data-testid="type-class"
            options={EVENT_CLASSES.map((c) => ({ value: c, label: t(`grid.class.${c}`) }))}
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="type-add"
            onClick={() => setEditing({ mode: 'create', cls, parent: null })}
          >
            {t('grid.dictionary.addType')}
          </Button>
        </Space>
      }
    >
      <Alert type="info" showIcon title={t('grid.dictionary.hint')} style={{ marginBottom: 12 }} />
      {types.error && <Alert type="error" showIcon title={errorText(types.error, t)} />}
      <Table<Row>
        rowKey="id"
        size="small"
        data-testid="type-dictionary"
        dataSource={rows}
        loading={types.loading}
        pagination={false}
        expandable={{
          expandedRowKeys: expanded,
          onExpand: (open, row) =>
            setCollapsed((c) => (open ? c.filter((id) => id !== row.id) : [...c, row.id])),
        }}
        rowClassName={(r) => (r.active ? '' : 'fs-type-inactive')}
        columns={[
          {
            title: t('grid.dictionary.nameZh'),
            dataIndex: 'nameZh',
            render: (name: string, r) => (
              <Space size={6}>
                <span data-testid={`type-name-${r.code}`}>{name}</span>
                {r.children && (
                  <Tag bordered={false}>{t('grid.dictionary.subCount', { count: r.children.length })}</Tag>
                )}
              </Space>
            ),
          },
          { title: t('grid.dictionary.nameEn'), dataIndex: 'nameEn', responsive: ['lg'] },
          { title: t('grid.dictionary.code'), dataIndex: 'code', responsive: ['md'] },
          {
            title: t('grid.dictionary.threeZero'),
            dataIndex: 'threeZero',
            responsive: ['lg'],
            render: (k: ThreeZeroKind | null) =>
              k ? <Tag color="purple">{t(`grid.dictionary.threeZeroKinds.${k}`)}</Tag> : null,
          },
          {
            title: t('common.status'),
            dataIndex: 'active',
            width: 90,
            render: (a: boolean) =>
              a ? (
                <Tag color="green">{t('grid.dictionary.active')}</Tag>
              ) : (
                <Tag>{t('grid.dictionary.inactive')}</Tag>
              ),
          },
          { title: t('common.actions'), key: 'x', width: 300, render: (_, r) => actions(r) },
        ]}
      />
      <Modal
        open={editing !== null}
        title={
          creating
            ? creating.parent
              ? `${t('grid.dictionary.addSub')} · ${creating.parent.nameZh}`
              : `${t('grid.dictionary.addType')} · ${t(`grid.class.${creating.cls}`)}`
            : t('grid.dictionary.rename')
        }
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ 'data-testid': 'type-save' }}
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
            editing?.mode === 'edit'
              ? {
                  nameZh: editing.type.nameZh,
                  nameEn: editing.type.nameEn,
                  threeZero: editing.type.threeZero,
                }
              : { threeZero: null }
          }
        >
          <Form.Item
            name="nameZh"
            label={t('grid.dictionary.nameZh')}
            rules={[{ required: true, whitespace: true, max: 40 }]}
          >
            <Input maxLength={40} data-testid="type-name-zh" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('grid.dictionary.nameEn')} rules={[{ max: 80 }]}>
            <Input maxLength={80} />
          </Form.Item>
          {creating && (
            <Form.Item
              name="code"
              label={t('grid.dictionary.code')}
              extra={t('grid.dictionary.codeHint')}
              rules={[schemaRule(eventTypeCodeSchema, t, t('grid.dictionary.codeHint'))]}
            >
              <Input placeholder={creating.parent ? `${creating.parent.code}.` : `${creating.cls}.`} />
            </Form.Item>
          )}
          <Form.Item name="threeZero" label={t('grid.dictionary.threeZero')}>
            <Select
              options={[
                { value: null, label: t('grid.dictionary.none') },
                ...THREE_ZERO_KINDS.map((k) => ({
                  value: k,
                  label: t(`grid.dictionary.threeZeroKinds.${k}`),
                })),
              ]}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
