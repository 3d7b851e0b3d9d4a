import { Alert, Drawer, List, Tag, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ratingsContract } from '@fivestar/common';
import { urlOf } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { STATUS_COLOR } from './status';

/** One branch's stars for the year and, for each it lacks, why; a certificate for each it holds. */
export function WhyDrawer({
  branchId,
  year,
  onClose,
}: {
  branchId: number;
  year: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { data, error } = useApiQuery(ratingsContract.routes.branch, {
    params: { id: branchId },
    query: { year },
  });
  const whyText = (w: { reason: string; detail: string | null }) => {
    if (w.reason.startsWith('status.'))
      return t('ratings.why.status', { status: t(`ratings.status.${w.reason.slice(7)}` as never) });
    if (w.reason === 'indicator.returned') return t('ratings.why.returned', { detail: w.detail ?? '' });
    if (w.reason.startsWith('indicator.'))
      return `${t('ratings.why.indicator', { detail: w.detail ?? '' })}（${t(`ratings.reason.${w.reason.slice(10)}` as never)}）`;
    return t(`ratings.why.${w.reason}` as never, { detail: w.detail ?? '' });
  };
  return (
    <Drawer
      open
      onClose={onClose}
      size={480}
      title={data ? t('ratings.whyTitle', { name: data.name, year }) : '…'}
    >
      {error && <Alert type="error" title={errorText(error, t)} />}
      {data && (
        <div data-testid="why-drawer">
          <Typography.Title level={5}>{t('ratings.level', { n: data.level })}</Typography.Title>
          <List
            dataSource={data.stars}
            renderItem={(s) => (
              <List.Item>
                <List.Item.Meta
                  avatar={
                    s.held ? (
                      <CheckCircleFilled style={{ color: '#c41d1d', fontSize: 20 }} />
                    ) : (
                      <CloseCircleOutlined style={{ fontSize: 20 }} />
                    )
                  }
                  title={
                    <span>
                      {s.name}{' '}
                      <Tag color={s.held ? 'red' : 'default'}>
                        {s.held ? t('ratings.held') : t('ratings.notHeld')}
                      </Tag>
                      {s.status && (
                        <Tag color={STATUS_COLOR[s.status]}>{t(`ratings.status.${s.status}` as never)}</Tag>
                      )}
                    </span>
                  }
                  description={
                    <div>
                      {s.why.map((w, i) => (
                        <div key={i} data-testid="why-reason">
                          · {whyText(w)}
                        </div>
                      ))}
                      {s.applicationId && (
                        <Link to={`/ratings/applications/${s.applicationId}`}>{t('ratings.apps.view')}</Link>
                      )}
                      {s.held && s.awardId && (
                        <a
                          style={{ marginLeft: 12 }}
                          href={urlOf(ratingsContract.routes.certificate, { params: { id: s.awardId } })}
                        >
                          {t('ratings.certificate')}
                        </a>
                      )}
                    </div>
                  }
                />
              </List.Item>
            )}
          />
          <Typography.Title level={5}>{t('ratings.yearOverYear')}</Typography.Title>
          {data.history.map((h) => (
            <div key={h.year}>
              {h.year}：{t('ratings.level', { n: h.level })}
            </div>
          ))}
        </div>
      )}
    </Drawer>
  );
}
