import type { TFunction } from 'i18next';
import type { EventDetail, GridAction } from '@fivestar/common';
import { formatDateTime } from '../../../components/format';

/** How the latest step moved the deadline, in words (old → new and why), or null when it did not. */
export function dueChangeText(t: TFunction, entry: EventDetail['log'][number] | undefined): string | null {
  const change = entry?.dueChange;
  if (!entry || !change || change.to === null) return null;
  const why = t(
    entry.action === 'accept'
      ? 'grid.board.dueWhy.accept'
      : entry.action === 'extend'
        ? 'grid.board.dueWhy.extend'
        : 'grid.board.dueWhy.other',
  );
  return change.from === null
    ? t('grid.board.dueSet', { to: formatDateTime(change.to), why })
    : t('grid.board.dueMoved', { from: formatDateTime(change.from), to: formatDateTime(change.to), why });
}

/** What an action did and what comes next, with the deadline's move when it moved. */
export function actionDoneText(t: TFunction, action: GridAction, event: EventDetail): string {
  const done = t(`grid.board.done.${action}`, { code: event.code });
  const due = dueChangeText(t, event.log.at(-1));
  return due ? `${done} ${due}` : done;
}
