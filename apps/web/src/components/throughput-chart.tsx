import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import type { SeriesPoint } from '@app/contracts';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

/** Arrivals (invoices received, exceptions opened) against throughput (exceptions resolved) per day. */
export function ThroughputChart({ series, onDay }: { series: SeriesPoint[]; onDay?: (day: string) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: series.map((s) => s.day.slice(5)),
        datasets: [
          {
            type: 'line',
            label: 'Invoices received',
            data: series.map((s) => s.received ?? 0),
            borderColor: '#8a94a6',
            backgroundColor: '#8a94a6',
            yAxisID: 'invoices',
            tension: 0.2,
          },
          {
            type: 'bar',
            label: 'Exceptions opened',
            data: series.map((s) => s.opened ?? 0),
            backgroundColor: '#f0a35e',
            yAxisID: 'exceptions',
          },
          {
            type: 'bar',
            label: 'Exceptions resolved',
            data: series.map((s) => s.resolved),
            backgroundColor: '#3d8b6d',
            yAxisID: 'exceptions',
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        // A click on a day opens the list of the exceptions opened that day.
        onClick: (_e, els) => {
          const el = els[0];
          if (el && onDay) onDay(series[el.index].day);
        },
        onHover: (e, els) => {
          const t = e.native?.target as HTMLElement | undefined;
          if (t) t.style.cursor = els.length && onDay ? 'pointer' : 'default';
        },
        scales: {
          invoices: { position: 'right', beginAtZero: true, title: { display: true, text: 'invoices' } },
          exceptions: { position: 'left', beginAtZero: true, title: { display: true, text: 'exceptions' } },
        },
      },
    });
    return () => chart.destroy();
  }, [series]);
  return (
    <div class="chart">
      <canvas ref={canvas} data-testid="throughput-chart" />
    </div>
  );
}
