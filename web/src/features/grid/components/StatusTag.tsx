import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EventStatus } from '@fivestar/common';

const STATUS_COLOR: Record<EventStatus, string> = {
  reported: 'gold',
  accepted: 'cyan',
  dispatched: 'blue',
  in_handling: 'geekblue',
  replied: 'purple',
  verified: 'lime',
  closed: 'green',
  returned: 'orange',
  recalled: 'default',
  escalated: 'magenta',
  invalid: 'default',
};

/** A report's state as a coloured tag. */
export function StatusTag({ status }: { status: EventStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="status-tag">
      {t(`grid.status.${status}`)}
    </Tag>
  );
}
