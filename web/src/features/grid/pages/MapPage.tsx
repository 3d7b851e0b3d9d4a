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
    chart.setOption({
      tooltip: {
        formatter: (p: {
          name: string;
          data?: { open: number; overdue: number; total: number; grids: number };
        }) =>
          p.data
            ? `${p.name}<br/>${t('grid.map.open')}: ${p.data.open}<br/>${t('grid.map.overdue')}: ${p.data.overdue}<br/>${t('grid.map.total')}: ${p.data.total}<br/>${t('grid.map.grids')}: ${p.data.grids}`
            : p.name,
      },
      visualMap: {
        min: 0,
        max: Math.max(1, ...features.map((f) => f.properties.open)),
        text: [t('grid.map.many'), t('grid.map.few')],
        inRange: { color: ['#f6ffed', '#ffd591', '#cf1322'] },
        calculable: true,
        left: 8,
        bottom: 8,
      },
      series: [
        {
          type: 'map',
          map: 'fivestar-grid',
          roam: true,
          label: { show: true, fontSize: 10 },
          itemStyle: { borderColor: '#fff' },
          data: features.map((f) => ({ ...f.properties, value: f.properties.open })),
        },
      ],
    });
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
