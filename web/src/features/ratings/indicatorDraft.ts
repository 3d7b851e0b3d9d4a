import type { FieldError, Indicator, IndicatorType, StandardDefinition } from '@fivestar/common';

/** The editable fields of a new indicator, as the add form holds them. */
export interface NewIndicator {
  starCode: string;
  title: string;
  type: IndicatorType;
  /** Optional code suffix (`indicatorSlugSchema`: lower-case letters, digits, _); a counter is used when empty. */
  slug?: string | null;
  unit?: string | null;
  threshold?: number | null;
  minFiles?: number | null;
  fact?: string | null;
  op?: Indicator['op'];
  verified: boolean;
  note?: string | null;
}

/**
 * A code for a new indicator of `starCode`: `<star>.<slug>` when a slug is given, otherwise `<star>.item_<n>` with
 * the smallest n not yet used in the definition. The server refuses duplicates anyway (definition.indicators.N.code).
 */
export function nextIndicatorCode(def: StandardDefinition, starCode: string, slug?: string | null): string {
  const used = new Set(def.indicators.map((i) => i.code));
  const s = slug?.trim();
  if (s) return `${starCode}.${s}`;
  let n = 1;
  while (used.has(`${starCode}.item_${n}`)) n++;
  return `${starCode}.item_${n}`;
}

/** The indicator to append: only the fields its type uses are kept, the others are left at their neutral value. */
export function buildIndicator(def: StandardDefinition, v: NewIndicator): Indicator {
  const numeric = v.type === 'numeric' || v.type === 'derived';
  return {
    code: nextIndicatorCode(def, v.starCode, v.slug),
    starCode: v.starCode,
    title: v.title.trim(),
    type: v.type,
    unit: numeric && v.unit?.trim() ? v.unit.trim() : null,
    threshold: numeric ? (v.threshold ?? null) : null,
    minFiles: v.minFiles ?? (v.type === 'evidence' ? 1 : 0),
    fact: v.type === 'derived' ? (v.fact ?? null) : null,
    op: v.type === 'derived' ? (v.op ?? '>=') : null,
    verified: v.verified,
    note: v.note?.trim() ? v.note.trim() : null,
    leadDepartment: null,
  };
}

/** Appends an indicator after the last one of its star (the table reads star by star). */
export function addIndicator(def: StandardDefinition, ind: Indicator): StandardDefinition {
  const last = def.indicators.map((i) => i.starCode).lastIndexOf(ind.starCode);
  const indicators = [...def.indicators];
  indicators.splice(last === -1 ? indicators.length : last + 1, 0, ind);
  return { ...def, indicators };
}

export function removeIndicator(def: StandardDefinition, code: string): StandardDefinition {
  return { ...def, indicators: def.indicators.filter((i) => i.code !== code) };
}

/** Moves an indicator one place up (-1) or down (+1) among the indicators of its own star. */
export function moveIndicator(def: StandardDefinition, code: string, dir: -1 | 1): StandardDefinition {
  const from = def.indicators.findIndex((i) => i.code === code);
  if (from === -1) return def;
  const star = def.indicators[from]!.starCode;
  let to = from + dir;
  while (to >= 0 && to < def.indicators.length && def.indicators[to]!.starCode !== star) to += dir;
  if (to < 0 || to >= def.indicators.length) return def;
  const indicators = [...def.indicators];
  [indicators[from], indicators[to]] = [indicators[to]!, indicators[from]!];
  return { ...def, indicators };
}

/** One server field error placed on an indicator: which field and the (already translated) message. */
export interface IndicatorFieldError {
  field: string;
  message: string;
}

/**
 * Splits a save's field errors into those on an indicator (`definition.indicators.N.field`, keyed by the code of
 * the indicator that was at index N in the definition sent) and the rest.
 */
export function indicatorErrors(
  sent: StandardDefinition,
  fields: FieldError[],
): { byCode: Record<string, IndicatorFieldError[]>; other: FieldError[] } {
  const byCode: Record<string, IndicatorFieldError[]> = {};
  const other: FieldError[] = [];
  for (const f of fields) {
    const m = /^definition\.indicators\.(\d+)(?:\.(.+))?$/.exec(f.path);
    const ind = m ? sent.indicators[Number(m[1])] : undefined;
    if (!m || !ind) {
      other.push(f);
      continue;
    }
    (byCode[ind.code] ??= []).push({ field: m[2] ?? '', message: f.message });
  }
  return { byCode, other };
}
