import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Branch } from '@fivestar/common';

export function BranchKindTag({ kind }: { kind: Branch['kind'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={kind === 'rural' ? 'green' : 'blue'} style={{ marginInlineEnd: 0 }}>
      {t(`org.kind.${kind}`)}
    </Tag>
  );
}
