import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { GRID_ACTIONS, type EventDetail, type GridAction } from '@fivestar/common';
import { formatDateTime } from '../../../components/format';
import { dueChangeText } from './actionMessages';
import { PhotoStrip } from './PhotoStrip';

const isAction = (action: string): action is GridAction => action in GRID_ACTIONS;

/** A report's history: each step with who took it, when, the note and its photos. */
export function EventTimeline({ log }: { log: EventDetail['log'] }) {
  const { t } = useTranslation();
  return (
    <Timeline
      items={log.map((l) => ({
        content: (
          <>
            <strong>
              {isAction(l.action)
                ? t(`grid.action.${l.action}`)
                : t(`grid.log.${l.action}` as 'grid.log.report', { defaultValue: l.action })}
            </strong>{' '}
            <Typography.Text type="secondary">
              {l.actorName} · {formatDateTime(l.at)}
            </Typography.Text>
            {l.reason && <div>{l.reason}</div>}
            {dueChangeText(t, l) && (
              <div className="fs-due-change" data-testid="due-change">
                {dueChangeText(t, l)}
              </div>
            )}
            <PhotoStrip ids={l.attachmentIds} />
          </>
        ),
      }))}
    />
  );
}
