import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgLevel } from '@fivestar/common';

const COLORS: Record<OrgLevel, string> = {
  province: 'volcano',
  city: 'orange',
  county: 'gold',
  township: 'red',
  district: 'blue',
  village: 'green',
  community: 'cyan',
};

export function LevelTag({ level }: { level: OrgLevel }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[level]} variant="outlined" style={{ marginInlineEnd: 0 }}>
      {t(`level.${level}`)}
    </Tag>
  );
}
