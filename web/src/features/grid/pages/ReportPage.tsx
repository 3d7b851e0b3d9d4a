import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Segmented, Select, Space } from 'antd';
import { CameraOutlined, EnvironmentOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  EVENT_CLASSES,
  gridContract,
  idNumberSchema,
  mobileSchema,
  type EventClass,
  type EventType,
} from '@fivestar/common';
import { call } from '../../../api/client';
import { useMe } from '../../../api/session';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';
import { OutboxList } from '../components/OutboxList';
import { schemaRule } from '../../../components/schemaRule';
import {
  enqueue,
  listOutbox,
  readPhoto,
  subscribeOutbox,
  syncOutbox,
  type OutboxItem,
  type OutboxPhoto,
} from '../offline/outbox';

const TYPES_CACHE = 'fivestar.grid.types';

/** The event-type dictionary, cached on the phone so the form works offline. */
function useTypes(): EventType[] {
  const [types, setTypes] = useState<EventType[]>(() => {
    try {
      return JSON.parse(localStorage.getItem(TYPES_CACHE) ?? '[]') as EventType[];
    } catch {
      return [];
    }
  });
  useEffect(() => {
    call(gridContract.routes.types).then(
      (t) => {
        setTypes(t);
        localStorage.setItem(TYPES_CACHE, JSON.stringify(t));
      },
      () => undefined,
    );
  }, []);
  return types;
}

function useOnline(): boolean {
  return useSyncExternalStore(
    (cb) => {
      window.addEventListener('online', cb);
      window.addEventListener('offline', cb);
      return () => {
        window.removeEventListener('online', cb);
        window.removeEventListener('offline', cb);
      };
    },
    () => navigator.onLine,
  );
}

interface FormValues {
  class: EventClass;
  typeCode: string;
  unitId?: number;
  place: string;
  description: string;
  peopleInvolved?: number;
  parties?: { name: string; idNumber?: string; phone?: string }[];
}

/** The grid worker's phone form: saved to the outbox first, sent once when the network allows. */
export function ReportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const online = useOnline();
  const types = useTypes();
  const [form] = Form.useForm<FormValues>();
  const cls = Form.useWatch('class', form) ?? 'event';
  const [photos, setPhotos] = useState<OutboxPhoto[]>([]);
  const [coords, setCoords] = useState<{ lat: number; lng: number } | null>(null);
  const [queue, setQueue] = useState<OutboxItem[]>([]);
  const villageUser = me.unit.level === 'village' || me.unit.level === 'community';

  const refresh = useCallback(() => {
    listOutbox(me.username).then(setQueue, () => undefined);
  }, [me.username]);
  useEffect(() => {
    refresh();
    return subscribeOutbox(refresh);
  }, [refresh]);
  useEffect(() => {
    if (online) void syncOutbox(me.username);
  }, [online, me.username]);

  const typeOptions = useMemo(() => {
    const byCode = new Map(types.map((x) => [x.code, x]));
    return types
      .filter((x) => x.active && x.class === cls && x.parentCode !== null)
      .map((x) => ({
        value: x.code,
        label: `${byCode.get(x.parentCode!)?.nameZh ?? ''} / ${x.nameZh}`,
      }));
  }, [types, cls]);

  const locate = () => {
    navigator.geolocation?.getCurrentPosition(
      (pos) => setCoords({ lat: pos.coords.latitude, lng: pos.coords.longitude }),
      () => message.warning(t('grid.form.locateFailed')),
      { enableHighAccuracy: true, timeout: 8000 },
    );
  };

  const onPhotos = async (files: FileList | null) => {
    if (!files) return;
    const read = await Promise.all([...files].slice(0, 9 - photos.length).map((f) => readPhoto(f)));
    setPhotos((p) => [...p, ...read]);
  };

  const submit = async (values: FormValues) => {
    const unitId = villageUser ? me.unit.id : values.unitId;
    if (!unitId) return;
    await enqueue(
      me.username,
      {
        class: values.class,
        typeCode: values.typeCode,
        unitId,
        place: values.place,
        ...(coords ? { lat: coords.lat, lng: coords.lng } : {}),
        description: values.description,
        scale: 'small',
        peopleInvolved: values.peopleInvolved ?? 0,
        source: 'grid_worker',
        parties: (values.parties ?? [])
          .filter((p) => p?.name)
          .map((p) => ({
            name: p.name,
            role: 'party' as const,
            ...(p.idNumber ? { idNumber: p.idNumber } : {}),
            ...(p.phone ? { phone: p.phone } : {}),
          })),
      },
      photos,
    );
    message.success(t('grid.form.saved'));
    form.resetFields();
    setPhotos([]);
    setCoords(null);
    if (navigator.onLine) void syncOutbox(me.username);
  };

  return (
    <div className="fs-report">
      <Alert
        data-testid="network-state"
        data-online={online ? 'yes' : 'no'}
        type={online ? 'success' : 'warning'}
        showIcon
        title={online ? t('grid.queue.online') : t('grid.queue.offline')}
        style={{ marginBottom: 12 }}
      />
      <Card title={t('grid.form.title')} variant="borderless" size="small">
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={{ class: 'event' }}
          onFinish={submit}
          requiredMark={false}
        >
          <Form.Item name="class" label={t('grid.form.class')}>
            <Segmented
              block
              data-testid="report-class"
              options={EVENT_CLASSES.map((c) => ({ value: c, label: t(`grid.class.${c}`) }))}
              onChange={() => form.setFieldValue('typeCode', undefined)}
            />
          </Form.Item>
          <Form.Item
            name="typeCode"
            label={t('grid.form.type')}
            rules={[{ required: true, message: t('grid.form.typeRequired') }]}
          >
            <Select data-testid="report-type" options={typeOptions} showSearch optionFilterProp="label" />
          </Form.Item>
          {!villageUser && (
            <Form.Item name="unitId" label={t('grid.form.village')} rules={[{ required: true }]}>
              <UnitTreeSelect />
            </Form.Item>
          )}
          <Form.Item
            name="place"
            label={t('grid.form.place')}
            rules={[{ required: true, message: t('grid.form.placeRequired') }]}
            extra={
              coords
                ? t('grid.form.located', { lat: coords.lat.toFixed(5), lng: coords.lng.toFixed(5) })
                : null
            }
          >
            <Input
              data-testid="report-place"
              addonAfter={
                <Button
                  type="text"
                  size="small"
                  icon={<EnvironmentOutlined />}
                  onClick={locate}
                  aria-label={t('grid.form.locate')}
                />
              }
            />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('grid.form.description')}
            rules={[{ required: true, message: t('grid.form.descriptionRequired') }]}
          >
            <Input.TextArea data-testid="report-description" rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item label={t('grid.form.photos')}>
            <div className="fs-photo-strip">
              {photos.map((p, i) => (
                <img key={i} src={`data:${p.contentType};base64,${p.data}`} alt="" />
              ))}
              <label className="fs-photo-add">
                <CameraOutlined />
                <span>{t('grid.form.addPhoto')}</span>
                <input
                  data-testid="report-photo"
                  type="file"
                  accept="image/*"
                  capture="environment"
                  multiple
                  style={{ display: 'none' }}
                  onChange={(e) => void onPhotos(e.target.files)}
                />
              </label>
            </div>
          </Form.Item>
          {cls === 'dispute' && (
            <Form.List name="parties">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Space key={field.key} align="baseline" wrap>
                      <Form.Item name={[field.name, 'name']} rules={[{ required: true }]}>
                        <Input placeholder={t('grid.form.partyName')} style={{ width: 100 }} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'idNumber']}
                        rules={[schemaRule(idNumberSchema, t, t('grid.form.idNumberInvalid'))]}
                      >
                        <Input placeholder={t('grid.form.idNumber')} style={{ width: 190 }} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'phone']}
                        rules={[schemaRule(mobileSchema, t, t('grid.form.phoneInvalid'))]}
                      >
                        <Input placeholder={t('grid.form.phone')} style={{ width: 130 }} />
                      </Form.Item>
                      <MinusCircleOutlined onClick={() => remove(field.name)} />
                    </Space>
                  ))}
                  <Button
                    type="dashed"
                    onClick={() => add()}
                    icon={<PlusOutlined />}
                    block
                    style={{ marginBottom: 14 }}
                  >
                    {t('grid.form.addParty')}
                  </Button>
                </>
              )}
            </Form.List>
          )}
          <Form.Item name="peopleInvolved" label={t('grid.form.peopleInvolved')}>
            <InputNumber min={0} max={100000} style={{ width: '100%' }} inputMode="numeric" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            className="fs-report-submit"
            data-testid="report-submit"
          >
            {t('grid.form.submit')}
          </Button>
        </Form>
      </Card>

      <OutboxList queue={queue} online={online} onSync={() => void syncOutbox(me.username)} />
    </div>
  );
}
