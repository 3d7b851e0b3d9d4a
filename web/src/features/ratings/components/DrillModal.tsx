import { Modal, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ratingsContract } from '@fivestar/common';
import { useApiQuery } from '../../../api/useApiQuery';
import { PagedTable, usePaging } from '../../../components/PagedTable';

/** A dashboard figure to drill into: its title and the filter of the branches behind it. */
export interface Drill {
  title: string;
  query: { year: number; unitId?: number; level?: number; minLevel?: number; star?: string };
}

function StarTags({ stars, starName }: { stars: string[]; starName: Map<string, string> }) {
  return (
    <>
      {stars.map((c) => (
        <Tag key={c} color="red" variant="filled" style={{ marginBottom: 2 }}>
          {starName.get(c) ?? c}
        </Tag>
      ))}
    </>
  );
}

/** The branches behind a figure, paged by the server; a row opens the branch's stars. */
export function DrillModal({
  drill,
  starName,
  onClose,
  onBranch,
}: {
  drill: Drill;
  starName: Map<string, string>;
  onClose: () => void;
  onBranch: (id: number) => void;
}) {
  const { t } = useTranslation();
  const { paging, setPaging } = usePaging(10);
  const result = useApiQuery(ratingsContract.routes.branches, { query: { ...drill.query, ...paging } });
  return (
    <Modal
      open
      onCancel={onClose}
      footer={null}
      width={760}
      title={t('ratings.drillTitle', { title: drill.title, count: result.data?.total ?? '…' })}
    >
      <PagedTable
        testId="drill-table"
        size="small"
        rowKey="branchId"
        // No horizontal scroll in the modal (its measuring row would come first in the body).
        scroll={undefined}
        result={result}
        paging={paging}
        onPaging={setPaging}
        onRow={(r) => ({ onClick: () => onBranch(r.branchId), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('ratings.village'), dataIndex: 'name' },
          { title: t('ratings.district'), dataIndex: 'districtName' },
          {
            title: t('ratings.stars'),
            dataIndex: 'level',
            render: (l: number) => t('ratings.level', { n: l }),
          },
          {
            title: '',
            dataIndex: 'stars',
            render: (s: string[]) => <StarTags stars={s} starName={starName} />,
          },
        ]}
      />
    </Modal>
  );
}
