import { useEffect, useRef } from 'react';
import { Badge, Card, Empty, List, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { workbenchContract } from '@fivestar/common';
import { useApiQuery } from '../../api/useApiQuery';

const TONE = { danger: '#cf1322', warning: '#d48806', normal: '#1677ff' } as const;

/** The caller's to-dos from every module, most urgent first; each row opens the next action. */
export function WorkbenchPanel() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data, loading } = useApiQuery(workbenchContract.routes.get);
  return (
    <Card
      variant="borderless"
      data-testid="workbench"
      title={t('workbench.title')}
      extra={
        data &&
        data.total > 0 && (
          <Typography.Text type="secondary">{t('workbench.total', { count: data.total })}</Typography.Text>
        )
      }
    >
      <List
        loading={loading && !data}
        dataSource={data?.groups}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.empty')} />,
        }}
        renderItem={(g) => (
          <List.Item
            data-testid={`todo-${g.key}`}
            style={{ cursor: 'pointer', minHeight: 56 }}
            onClick={() => void navigate(g.path)}
            extra={<RightOutlined />}
          >
            <List.Item.Meta
              avatar={<Badge count={g.count} overflowCount={999} color={TONE[g.tone]} />}
              title={<span style={{ fontSize: 15 }}>{g.label}</span>}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

/** Counts per menu entry (nav key → count), refreshed when the page changes. */
export function useMenuCounts(pathname: string): Record<string, number> {
  const { data, reload } = useApiQuery(workbenchContract.routes.get);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else reload();
  }, [pathname, reload]);
  return data?.menu ?? {};
}
