import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { asText } from '../../../components/chartText';

echarts.use([
  BarChart,
  LineChart,
  MapChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

interface ChartClick {
  name: string;
  seriesName?: string;
  seriesIndex?: number;
  dataIndex: number;
  data?: unknown;
}

/** One ECharts canvas (echarts/core, loaded lazily with this module); `geo` registers a map before drawing. */
export default function Chart({
  option,
  height = 280,
  onClick,
  geo,
  testId,
}: {
  option: echarts.EChartsCoreOption;
  height?: number;
  onClick?: (e: ChartClick) => void;
  geo?: { name: string; json: unknown };
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    if (!ref.current) return;
    if (geo) echarts.registerMap(geo.name, geo.json as never);
    const chart = echarts.init(ref.current);
    chart.setOption(asText(option));
    chart.on('click', (e) => clickRef.current?.(e as unknown as ChartClick));
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option, geo]);

  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}
