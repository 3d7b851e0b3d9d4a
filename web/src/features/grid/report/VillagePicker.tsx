import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgUnit } from '@fivestar/common';
import { isVillage, useUnitChildren } from './reportData';

/**
 * The village (community) a report is for, for a user above village level: one native select per level below the
 * user's unit (township, then village, …) until a village is chosen. The units come from the same route as the
 * app's unit tree picker and are kept on the phone for offline use.
 */
export function VillagePicker({
  root,
  value,
  problem,
  onChange,
}: {
  root: { id: number };
  value: number | null;
  problem?: string;
  onChange: (unitId: number | null) => void;
}) {
  const { t } = useTranslation();
  /** The units chosen so far, level by level. */
  const [path, setPath] = useState<OrgUnit[]>([]);
  const parents = [root.id, ...path.filter((u) => !isVillage(u.level) && u.childCount > 0).map((u) => u.id)];
  const children = useUnitChildren(parents);
  const pick = (level: number, id: string) => {
    const unit = children[parents[level]!]?.find((u) => u.id === Number(id));
    const next = unit ? [...path.slice(0, level), unit] : path.slice(0, level);
    setPath(next);
    const last = next[next.length - 1];
    onChange(last && isVillage(last.level) ? last.id : null);
  };
  return (
    <div className="fs-rep-field">
      <label htmlFor="rep-unitId-0" className="fs-pub-required">
        {t('grid.form.village')}
      </label>
      {parents.map((parent, level) => (
        <select
          key={parent}
          id={`rep-unitId-${level}`}
          className={problem && value === null ? 'fs-pub-input fs-pub-input-error' : 'fs-pub-input'}
          data-testid={level === 0 ? 'report-village' : `report-village-${level}`}
          aria-label={level === 0 ? undefined : t('grid.form.village')}
          aria-invalid={!!problem && value === null}
          aria-describedby={problem ? 'rep-unitId-help' : undefined}
          value={path[level]?.id ?? ''}
          onChange={(e) => pick(level, e.target.value)}
        >
          <option value="">{t('grid.form.villageChoose')}</option>
          {(children[parent] ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      ))}
      {problem && value === null && (
        <div id="rep-unitId-help" className="fs-pub-help" role="alert">
          {problem}
        </div>
      )}
    </div>
  );
}
