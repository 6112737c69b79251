import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'preact/hooks';

// Only what the reports draw (DESIGN §7): bars, axes, legend and tooltip, rendered as SVG.
// This module is imported by lazy report pages only, so ECharts stays out of the first load.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface BarSeries {
  name: string;
  values: number[];
}

/** Stacked bars, one category per report row; the table beside it holds the same numbers. */
export function StackedBars(props: {
  label: string;
  categories: string[];
  series: BarSeries[];
  lang: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = echarts.init(el, null, { renderer: 'svg' });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const format = new Intl.NumberFormat(props.lang);
    chart.current?.setOption(
      {
        animation: false,
        grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
        legend: { top: 0, type: 'scroll' },
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => format.format(Number(v)) },
        xAxis: { type: 'category', data: props.categories, axisLabel: { hideOverlap: true } },
        yAxis: { type: 'value', minInterval: 1 },
        series: props.series.map((s) => ({ name: s.name, type: 'bar', stack: 'total', data: s.values })),
      },
      { notMerge: true },
    );
  }, [props.categories, props.series, props.lang]);

  return <div ref={box} class="report-chart" role="img" aria-label={props.label} />;
}
