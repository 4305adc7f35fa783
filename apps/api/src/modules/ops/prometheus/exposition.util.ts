/** Minimal Prometheus text exposition for values computed from PostgreSQL at scrape time. */
export interface Sample {
  labels?: Record<string, string>;
  value: number;
  suffix?: string;
}

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export function family(name: string, type: 'counter' | 'gauge' | 'histogram', help: string, samples: Sample[]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const s of samples) {
    const labels = Object.entries(s.labels ?? {})
      .map(([k, v]) => `${k}="${escape(v)}"`)
      .join(',');
    lines.push(`${name}${s.suffix ?? ''}${labels ? `{${labels}}` : ''} ${Number.isFinite(s.value) ? s.value : 0}`);
  }
  return lines.join('\n');
}
