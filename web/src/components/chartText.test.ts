import { describe, expect, it } from 'vitest';
import { asText, colourAlong, labelColourOn } from './chartText';

describe('chart text', () => {
  it('draws every tooltip as text on the canvas, keeping its other settings', () => {
    const formatter = () => '<img src=x onerror=alert(1)>';
    expect(asText({ tooltip: { trigger: 'axis', formatter } }).tooltip).toEqual({
      trigger: 'axis',
      formatter,
      renderMode: 'richText',
    });
    expect(asText({ tooltip: [{}, { show: true }] }).tooltip).toEqual([
      { renderMode: 'richText' },
      { show: true, renderMode: 'richText' },
    ]);
    expect(asText({ series: [] })).toEqual({ series: [] });
  });

  it('labels dark fills in white and light fills in near-black', () => {
    expect(labelColourOn('#a8071a')).toBe('#ffffff');
    expect(labelColourOn('#d4380d')).toBe('#ffffff');
    expect(labelColourOn('#cf1322')).toBe('#ffffff');
    expect(labelColourOn('#d9d9d9')).toBe('#262626');
    expect(labelColourOn('#ffe7ba')).toBe('#262626');
    expect(labelColourOn('#f6ffed')).toBe('#262626');
  });

  it('finds the colour along the stops', () => {
    expect(colourAlong(['#000000', '#ffffff'], 0.5)).toBe('#808080');
    expect(colourAlong(['#f6ffed', '#ffd591', '#cf1322'], 1)).toBe('#cf1322');
    expect(colourAlong(['#f6ffed', '#ffd591', '#cf1322'], 0)).toBe('#f6ffed');
  });
});
