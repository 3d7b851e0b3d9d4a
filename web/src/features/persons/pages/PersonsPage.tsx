import { useState } from 'react';
import { Button, Card, Input, Space, Tag, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PERSON_TAGS, personsContract, type Person, type PersonTag } from '@fivestar/common';
import { useCan } from '../../../api/session';
import { useApiQuery } from '../../../api/useApiQuery';
import { Masked } from '../../../components/Masked';
import { PagedTable, usePaging } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';
import { PersonCreateModal } from '../components/PersonCreateModal';
import { RevealModal, type RevealField, type RevealTarget } from '../components/RevealModal';

/** The resident registry: masked identity and phone numbers, audited reveal for pii:view. */
export default function PersonsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [q, setQ] = useState('');
  const [unitId, setUnitId] = useState<number | undefined>();
  const { paging, setPaging, firstPage } = usePaging();
  const [creating, setCreating] = useState(false);
  const [revealTarget, setRevealTarget] = useState<RevealTarget | null>(null);
  const [revealed, setRevealed] = useState<Record<string, string | null>>({});

  const persons = useApiQuery(personsContract.routes.list, { query: { q, unitId, ...paging } });
  const canReveal = can('pii:view');

  const sensitive = (field: RevealField) => (value: string | null, p: Person) => {
    const key = `${p.id}:${field}`;
    if (key in revealed) {
      return (
        <Tooltip title={t('persons.reveal')}>
          <Tag color="orange" className="fs-mono" style={{ marginInlineEnd: 0 }}>
            {revealed[key] ?? '—'}
          </Tag>
        </Tooltip>
      );
    }
    return (
      <Space size={4}>
        <Masked value={value} />
        {canReveal && value && (
          <Tooltip title={t('persons.reveal')}>
            <Button
              type="text"
              size="small"
              icon={<EyeOutlined />}
              aria-label={t('persons.reveal')}
              data-testid={`reveal-${field}-${p.id}`}
              onClick={() => setRevealTarget({ personId: p.id, personName: p.name, field })}
            />
          </Tooltip>
        )}
      </Space>
    );
  };

  const columns: TableColumnsType<Person> = [
    { title: t('persons.name'), dataIndex: 'name', fixed: 'left' },
    {
      title: t('persons.gender'),
      dataIndex: 'gender',
      render: (g: Person['gender']) => (g ? t(`persons.${g}`) : '—'),
    },
    { title: t('persons.birthDate'), dataIndex: 'birthDate', render: (v: string | null) => v ?? '—' },
    { title: t('common.unit'), dataIndex: 'unitName' },
    { title: t('persons.idNumber'), dataIndex: 'idNumber', render: sensitive('idNumber') },
    { title: t('persons.phone'), dataIndex: 'phone', render: sensitive('phone') },
    {
      title: t('persons.tags'),
      dataIndex: 'tags',
      render: (tags: string[], p) => (
        <Space size={[4, 4]} wrap>
          {p.isPartyMember && !tags.includes('party_member') && (
            <Tag color="red">{t('persons.tag.party_member')}</Tag>
          )}
          {tags.map((tag) => (
            <Tag key={tag} color={tag === 'party_member' ? 'red' : undefined}>
              {isKnownTag(tag) ? t(`persons.tag.${tag}`) : tag}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('persons.title')}
        subtitle={t('persons.subtitle')}
        extra={
          can('person:write') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="person-create"
            >
              {t('persons.create')}
            </Button>
          )
        }
      />
      <Card variant="borderless">
        <div className="fs-toolbar">
          <Input.Search
            allowClear
            placeholder={t('persons.searchPlaceholder')}
            onSearch={(v) => {
              setQ(v.trim());
              firstPage();
            }}
            style={{ width: 220 }}
          />
          <UnitTreeSelect
            allowClear
            value={unitId}
            placeholder={t('common.allUnits')}
            onChange={(v) => {
              setUnitId(v);
              firstPage();
            }}
            style={{ width: 220 }}
          />
        </div>
        <PagedTable<Person>
          testId="persons-table"
          columns={columns}
          result={persons}
          paging={paging}
          onPaging={setPaging}
        />
      </Card>
      <PersonCreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => persons.reload()}
      />
      <RevealModal
        target={revealTarget}
        onClose={() => setRevealTarget(null)}
        onRevealed={(target, value) =>
          setRevealed((prev) => ({ ...prev, [`${target.personId}:${target.field}`]: value }))
        }
      />
    </>
  );
}

const isKnownTag = (tag: string): tag is PersonTag => (PERSON_TAGS as readonly string[]).includes(tag);
