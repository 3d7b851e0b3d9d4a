import { Card, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { supervisionContract } from '@fivestar/common';
import { useApiQuery } from '../../../api/useApiQuery';

/** Stars taken (摘星) and restored, for the public notice page: village, year, star, reason and date. */
export function PublicRevocations() {
  const { t } = useTranslation();
  const { data } = useApiQuery(supervisionContract.routes.publicRevocations);
  if (!data?.length) return null;
  return (
    <Card variant="borderless" title={t('supervision.public.title')} data-testid="public-revocations">
      <List
        size="small"
        dataSource={data}
        renderItem={(r) => (
          <List.Item>
            <span style={{ flex: 1 }}>
              <Tag color={r.kind === 'revoke' ? 'red' : 'green'}>{t(`supervision.public.${r.kind}`)}</Tag>
              {r.unitName} · {r.year} · {r.starName}
              <div>
                <Typography.Text type="secondary">{r.reason}</Typography.Text>
              </div>
            </span>
            <Typography.Text type="secondary">{new Date(r.at).toLocaleDateString()}</Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
