import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SlipColour } from '@fivestar/common';

export const SLIP_COLOR: Record<SlipColour, string> = { blue: 'blue', yellow: 'gold', red: 'red' };

/** The three-colour slip of an item (nothing when it carries none). */
export function SlipTag({ slip }: { slip: SlipColour | null }) {
  const { t } = useTranslation();
  if (!slip) return null;
  return (
    <Tag color={SLIP_COLOR[slip]} variant="solid" data-testid={`slip-${slip}`}>
      {t(`supervision.slip.${slip}`)}
    </Tag>
  );
}

export const STATUS_COLOR = { open: 'processing', submitted: 'warning', closed: 'success' } as const;
