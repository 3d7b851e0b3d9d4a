/**
 * Chart text is text, never markup. ECharts draws labels and legends on the canvas, but an HTML tooltip would put a
 * name such as `<img src=x onerror=…>` into the page as an element; `asText` makes every tooltip draw on the canvas
 * (`renderMode: 'richText'`), so a name shows as the characters it is. Every chart of the app passes its option
 * through here.
 */
export function asText<T extends object>(option: T): T {
  const tooltip = (option as { tooltip?: unknown }).tooltip;
  if (!tooltip) return option;
  const textOnly = (t: unknown) => ({ ...(t as object), renderMode: 'richText' });
  return { ...option, tooltip: Array.isArray(tooltip) ? tooltip.map(textOnly) : textOnly(tooltip) };
}

/** Rich-text tooltips split lines on '\n': the lines of one tooltip. */
export const tooltipLines = (...lines: string[]) => lines.join('\n');

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

/** A readable label colour on a fill: white on dark fills, near-black on light ones (relative luminance). */
export function labelColourOn(fill: string): string {
  const [r, g, b] = rgb(fill).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance < 0.3 ? '#ffffff' : '#262626';
}

/** The colour at `ratio` (0–1) along evenly spaced colour stops, as a continuous visual map draws it. */
export function colourAlong(stops: string[], ratio: number): string {
  const x = Math.min(1, Math.max(0, ratio)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const [a, b] = [rgb(stops[i]!), rgb(stops[i + 1]!)];
  const mix = a.map((c, k) => Math.round(c + (b[k]! - c) * (x - i)));
  return `#${mix.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}
