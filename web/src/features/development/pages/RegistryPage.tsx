import { useState } from 'react';
import { App, Button, Card, Grid, Input, List, Popconfirm, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  childrenOf,
  developmentContract,
  inputFieldsOf,
  parentFieldOf,
  REGISTRIES,
  REGISTRY_CODES,
  type DevRecord,
  type RegistryCode,
} from '@fivestar/common';
import { call } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useCan } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { PageHeader } from '../../../components/PageHeader';
import { PagedTable, usePaging } from '../../../components/PagedTable';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';
import { ExcelBar } from '../components/ExcelBar';
import { FollowUpModal } from '../components/FollowUpModal';
import { RecordFiles } from '../components/RecordFiles';
import { RecordForm } from '../components/RecordForm';

const routes = developmentContract.routes;

/** One registry's records in the caller's area: filter, add, edit, delete, Excel in and out; phones get cards. */
export default function RegistryPage() {
  const { registry } = useParams();
  const code = REGISTRY_CODES.find((c) => c === registry);
  return code ? <Registry key={code} code={code} /> : null;
}

function Registry({ code }: { code: RegistryCode }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const isPhone = !Grid.useBreakpoint().md;
  const spec = REGISTRIES[code];
  const [search] = useSearchParams();
  const parentId = Number(search.get('parentId')) || undefined;
  const parentField = parentFieldOf(spec);
  const parent = useApiQuery(parentField && parentId ? routes.get : null, {
    params: { registry: parentField?.parent ?? 'trainingSessions', id: parentId ?? 1 },
  });
  const [unitId, setUnitId] = useState<number | undefined>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [q, setQ] = useState('');
  const { paging, setPaging, firstPage } = usePaging(20);
  const query = {
    ...(unitId ? { unitId } : {}),
    ...(parentId ? { parentId } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(q ? { q } : {}),
  };
  const result = useApiQuery(routes.list, { params: { registry: code }, query: { ...query, ...paging } });
  const [editing, setEditing] = useState<DevRecord | null | undefined>(undefined);
  const [following, setFollowing] = useState<DevRecord | null>(null);
  const [filesOf, setFilesOf] = useState<DevRecord | null>(null);
  const fields = inputFieldsOf(spec);
  const children = childrenOf(code);

  const show = (r: DevRecord, key: string) => {
    const f = fields.find((x) => x.key === key)!;
    const v = r.values[key];
    if (f.kind === 'unit') return r.unitName;
    if (f.kind === 'person') return `${r.personName ?? ''} ${v ?? ''}`;
    if (v === null || v === undefined || v === '') return '';
    if (f.kind === 'enum') return t(`development.option.${code}.${key}.${String(v)}`);
    if (f.kind === 'bool') return v ? t('development.yesNo.yes') : t('development.yesNo.no');
    return String(v);
  };

  const remove = async (r: DevRecord) => {
    try {
      await call(routes.remove, { params: { registry: code, id: r.id } });
      message.success(t('development.list.removed'));
      result.reload();
    } catch (err) {
      message.error(errorText(err, t));
    }
  };

  const actions = (r: DevRecord) => (
    <Space size={4} wrap>
      {children.map((c) => (
        <Link key={c} to={`/development/r/${c}?parentId=${r.id}`} data-testid={`open-${c}-${r.id}`}>
          <Button size={isPhone ? 'middle' : 'small'} type="link">
            {t(`development.registry.${c}`)}
          </Button>
        </Link>
      ))}
      {code === 'placements' && (
        <Button size={isPhone ? 'middle' : 'small'} type="link" onClick={() => setFollowing(r)}>
          {t('development.list.followUp')}
        </Button>
      )}
      {spec.files && (
        <Button
          size={isPhone ? 'middle' : 'small'}
          type="link"
          onClick={() => setFilesOf(r)}
          data-testid={`files-${r.id}`}
        >
          {t('development.files.open')}
        </Button>
      )}
      {can('development:write') && (
        <>
          <Button size={isPhone ? 'middle' : 'small'} type="link" onClick={() => setEditing(r)}>
            {t('development.list.edit')}
          </Button>
          <Popconfirm title={t('development.list.removeConfirm')} onConfirm={() => void remove(r)}>
            <Button size={isPhone ? 'middle' : 'small'} type="link" danger>
              {t('development.list.remove')}
            </Button>
          </Popconfirm>
        </>
      )}
    </Space>
  );

  const hasUnitField = fields.some((f) => f.kind === 'unit');
  const columns: TableColumnsType<DevRecord> = [
    // A record of a person (or hanging off another) belongs to the person's village: show it.
    ...(hasUnitField
      ? []
      : [
          {
            key: 'unit',
            title: t('development.villages.unit'),
            render: (_: unknown, r: DevRecord) => r.unitName,
          },
        ]),
    ...fields.map((f) => ({
      key: f.key,
      title:
        f.kind === 'person'
          ? `${t('development.labour.name')} / ${t(`development.field.${code}.${f.key}`)}`
          : t(`development.field.${code}.${f.key}`),
      render: (_: unknown, r: DevRecord) => show(r, f.key),
      ellipsis: f.kind === 'longtext',
    })),
    {
      key: 'actions',
      title: t('development.list.actions'),
      render: (_: unknown, r: DevRecord) => actions(r),
    },
  ];

  const parentName = parent.data
    ? String(parent.data.values.title ?? parent.data.values.name ?? parent.data.id)
    : '';
  const title =
    parentField && parentId
      ? t('development.list.of', { parent: t(`development.registry.${code}`), name: parentName })
      : t(`development.registry.${code}`);
  const primary = spec.searchField ?? fields.find((f) => f.kind === 'person')?.key ?? fields[0]!.key;

  return (
    <div data-testid={`registry-page-${code}`}>
      <PageHeader
        title={
          <Space>
            <Link to={parentField && parentId ? `/development/r/${parentField.parent}` : '/development'}>
              <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('development.list.back')} />
            </Link>
            {title}
          </Space>
        }
        extra={
          <>
            {can('development:write') && (!parentField || parentId) && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setEditing(null)}
                data-testid="record-add"
              >
                {t('development.list.add')}
              </Button>
            )}
            {(!parentField || parentId) && (
              <ExcelBar
                registry={code}
                query={query}
                parentId={parentId}
                onImported={result.reload}
                compact={isPhone}
              />
            )}
          </>
        }
      />
      <Card size="small" variant="borderless" style={{ marginBottom: 12 }}>
        <Space wrap style={{ width: '100%' }}>
          {!parentId && (
            <UnitTreeSelect
              allowClear
              value={unitId}
              onChange={(v) => {
                setUnitId(v);
                firstPage();
              }}
              placeholder={t('development.list.unit')}
              style={{ width: isPhone ? '100%' : 220 }}
            />
          )}
          {spec.dateField && (
            <>
              <Input
                type="date"
                value={from}
                onChange={(e) => (setFrom(e.target.value), firstPage())}
                style={{ width: 150 }}
                aria-label={t('development.list.from')}
              />
              <Input
                type="date"
                value={to}
                onChange={(e) => (setTo(e.target.value), firstPage())}
                style={{ width: 150 }}
                aria-label={t('development.list.to')}
              />
            </>
          )}
          <Input.Search
            allowClear
            placeholder={t('development.list.search')}
            onSearch={(v) => (setQ(v.trim()), firstPage())}
            style={{ width: isPhone ? '100%' : 240 }}
          />
        </Space>
      </Card>
      {isPhone ? (
        <List<DevRecord>
          data-testid="records"
          loading={result.loading}
          dataSource={result.data?.items}
          locale={{ emptyText: t('development.list.empty') }}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: result.data?.total,
            size: 'small',
            onChange: (page, pageSize) => setPaging({ page, pageSize }),
          }}
          renderItem={(r) => (
            <Card size="small" style={{ marginBottom: 8 }}>
              <Typography.Text strong style={{ fontSize: 16 }}>
                {show(r, primary)}
              </Typography.Text>
              <div style={{ margin: '4px 0 8px' }}>
                <Tag>{r.unitName}</Tag>
                {spec.dateField && (
                  <Typography.Text type="secondary">{show(r, spec.dateField)}</Typography.Text>
                )}
              </div>
              {fields
                .filter(
                  (f) =>
                    f.key !== primary &&
                    f.key !== spec.dateField &&
                    f.kind !== 'unit' &&
                    f.kind !== 'longtext',
                )
                .slice(0, 3)
                .map((f) => (
                  <div key={f.key}>
                    <Typography.Text type="secondary">
                      {t(`development.field.${code}.${f.key}`)}：
                    </Typography.Text>
                    {show(r, f.key)}
                  </div>
                ))}
              <div style={{ marginTop: 8 }}>{actions(r)}</div>
            </Card>
          )}
        />
      ) : (
        <PagedTable<DevRecord>
          testId="records"
          result={result}
          paging={paging}
          onPaging={setPaging}
          columns={columns}
          locale={{ emptyText: t('development.list.empty') }}
        />
      )}
      <RecordForm
        code={code}
        open={editing !== undefined}
        record={editing ?? null}
        parentId={parentId}
        onClose={() => setEditing(undefined)}
        onSaved={result.reload}
      />
      {following && <FollowUpModal record={following} onClose={() => setFollowing(null)} />}
      {filesOf && (
        <RecordFiles
          code={code}
          record={filesOf}
          title={show(filesOf, primary)}
          onClose={() => setFilesOf(null)}
        />
      )}
    </div>
  );
}
