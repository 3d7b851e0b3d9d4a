import { useEffect, useRef } from 'react';
import { Alert, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import * as echarts from 'echarts/core';
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { gridContract } from '@fivestar/common';
import { errorText } from '../../../api/errors';
import { useApiQuery } from '../../../api/useApiQuery';
import { asText, colourAlong, labelColourOn, tooltipLines } from '../../../components/chartText';

const SCALE = ['#f6ffed', '#ffd591', '#cf1322'];

echarts.use([MapChart, TooltipComponent, VisualMapComponent, CanvasRenderer]);

/** The grid map: villages of the caller's scope coloured by open reports (demo geometry, illustrative). */
export default function MapPage() {
  const { t } = useTranslation();
  const map = useApiQuery(gridContract.routes.map);
  const el = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!el.current || !map.data) return;
    const chart = echarts.init(el.current);
    echarts.registerMap('fivestar-grid', map.data as unknown as Parameters<typeof echarts.registerMap>[1]);
    const features = map.data.features;
    const max = Math.max(1, ...features.map((f) => f.properties.open));
    chart.setOption(
      asText({
        tooltip: {
          formatter: (p: {
            name: string;
            data?: { open: number; overdue: number; total: number; grids: number };
          }) =>
            p.data
              ? tooltipLines(
                  p.name,
                  `${t('grid.map.open')}: ${p.data.open}`,
                  `${t('grid.map.overdue')}: ${p.data.overdue}`,
                  `${t('grid.map.total')}: ${p.data.total}`,
                  `${t('grid.map.grids')}: ${p.data.grids}`,
                )
              : p.name,
        },
        visualMap: {
          min: 0,
          max,
          text: [t('grid.map.many'), t('grid.map.few')],
          inRange: { color: SCALE },
          // Above the map, never over a village (the map is laid out below it).
          orient: 'horizontal',
          itemWidth: 12,
          itemHeight: 120,
          left: 'center',
          top: 0,
        },
        series: [
          {
            type: 'map',
            map: 'fivestar-grid',
            roam: true,
            top: 48,
            bottom: 8,
            label: { show: true, fontSize: 10 },
            itemStyle: { borderColor: '#fff' },
            // Each village's name in a colour readable on its fill.
            data: features.map((f) => ({
              ...f.properties,
              value: f.properties.open,
              label: { color: labelColourOn(colourAlong(SCALE, f.properties.open / max)) },
            })),
          },
        ],
      }),
    );
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [map.data, t]);

  return (
    <Card variant="borderless" title={t('grid.map.title')}>
      {map.error && <Alert type="error" showIcon title={errorText(map.error, t)} />}
      <div ref={el} style={{ height: 560, width: '100%' }} data-testid="grid-map" />
      <Typography.Text type="secondary">{t('grid.map.note')}</Typography.Text>
    </Card>
  );
}
