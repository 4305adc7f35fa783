import { erlangCServiceLevel } from './erlang-c';

/** What the model knows of one queue: arrivals by hour of week, handle time, backlog, the team's hours. */
export interface QueueForecastInput {
  queueKey: string;
  slaMinutes: number;
  /** Expected arrivals per hour, indexed by hour of week (0 = Monday 00:00 UTC … 167). */
  arrivalsByHourOfWeek: number[];
  /** Mean handle time of one item, in minutes. */
  handleMinutes: number;
  backlog: number;
  /** Agents (fractional: a reviewer shared by queues counts by share) on shift, per forecast hour. */
  agentsByHour: number[];
}

export interface HourForecast {
  at: string; // ISO start of the hour
  arrivals: number;
  agents: number;
  capacity: number; // items the agents can serve in the hour
  backlog: number; // at the end of the hour
  attainment: number; // predicted share served within the SLA
}

export interface DayForecast {
  day: string;
  arrivals: number;
  capacity: number;
  backlogEnd: number;
  attainment: number | null;
}

export const hourOfWeek = (at: Date) => ((at.getUTCDay() + 6) % 7) * 24 + at.getUTCHours();

/**
 * Hour by hour from `start`: arrivals from the learnt hour-of-week profile, the agents on shift, a
 * fluid backlog (carried over while arrivals exceed what the agents serve) and Erlang C for the share
 * answered within the SLA, the target shortened by the time the backlog ahead takes to clear.
 */
export function forecastQueue(input: QueueForecastInput, start: Date, hours: number): HourForecast[] {
  const mu = 60 / Math.max(input.handleMinutes, 0.1); // items per agent-hour
  let backlog = input.backlog;
  const out: HourForecast[] = [];
  for (let i = 0; i < hours; i++) {
    const at = new Date(start.getTime() + i * 3_600_000);
    const lambda = input.arrivalsByHourOfWeek[hourOfWeek(at)] ?? 0;
    const agents = input.agentsByHour[i] ?? 0;
    const capacity = agents * mu;
    const queueDelayHours = capacity > 0 ? backlog / capacity : Infinity;
    const target = input.slaMinutes / 60 - queueDelayHours;
    const attainment =
      lambda + backlog <= 0 ? 1 : target <= 0 ? 0 : erlangCServiceLevel(lambda, mu, Math.max(1, agents), target);
    backlog = Math.max(0, backlog + lambda - capacity);
    out.push({ at: at.toISOString(), arrivals: lambda, agents, capacity, backlog, attainment });
  }
  return out;
}

/** Hours summed into UTC days; attainment weighted by arrivals. */
export function byDay(hours: HourForecast[]): DayForecast[] {
  const days = new Map<string, HourForecast[]>();
  for (const h of hours) days.set(h.at.slice(0, 10), [...(days.get(h.at.slice(0, 10)) ?? []), h]);
  return [...days.entries()].map(([day, hs]) => {
    const arrivals = hs.reduce((s, h) => s + h.arrivals, 0);
    return {
      day,
      arrivals: round(arrivals),
      capacity: round(hs.reduce((s, h) => s + h.capacity, 0)),
      backlogEnd: round(hs[hs.length - 1].backlog),
      attainment: arrivals > 0 ? round(hs.reduce((s, h) => s + h.attainment * h.arrivals, 0) / arrivals, 3) : null,
    };
  });
}

/** Weighted absolute percentage error of predicted against actual counts (Σ|p − a| ÷ Σa). */
export function wape(pairs: { predicted: number; actual: number }[]): number | null {
  const actual = pairs.reduce((s, p) => s + p.actual, 0);
  return actual > 0 ? pairs.reduce((s, p) => s + Math.abs(p.predicted - p.actual), 0) / actual : null;
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
