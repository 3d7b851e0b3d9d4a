import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SupervisionLevel } from '@fivestar/common';

const COLOR: Record<SupervisionLevel, string> = { normal: 'default', yellow: 'gold', red: 'red' };

/** A yellow (nearly due) or red (overdue or 督办) tag; nothing for a report on time. */
export function SupervisionTag({ level }: { level: SupervisionLevel }) {
  const { t } = useTranslation();
  return level === 'normal' ? null : <Tag color={COLOR[level]}>{t(`grid.supervision.${level}`)}</Tag>;
}
