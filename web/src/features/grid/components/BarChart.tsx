import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart as Bars } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { asText } from '../../../components/chartText';

echarts.use([Bars, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** An ECharts bar chart of the statistics page, resized with the window. */
export function BarChart({ option, height = 300 }: { option: echarts.EChartsCoreOption; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption(asText(option));
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={el} style={{ height, width: '100%' }} />;
}
