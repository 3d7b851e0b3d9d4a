import { gridContract } from '@fivestar/common';
import { urlOf } from '../../../api/client';

/** A row of a report's photos, served by the API to whoever may see the report. */
export function PhotoStrip({ ids, style }: { ids: number[]; style?: React.CSSProperties }) {
  if (ids.length === 0) return null;
  return (
    <div className="fs-photo-strip" style={style}>
      {ids.map((id) => (
        <img key={id} src={urlOf(gridContract.routes.photo, { params: { id } })} alt="" />
      ))}
    </div>
  );
}
