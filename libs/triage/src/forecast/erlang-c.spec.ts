import { erlangCServiceLevel, erlangCWaitProbability } from './erlang-c';
import { byDay, forecastQueue, wape } from './staffing-forecast';

describe('Erlang C', () => {
  it('matches the closed form: 10 arrivals a minute, 3 minutes each, 35 agents', () => {
    // 30 Erlangs on 35 agents: P(wait) = 0.2846, answered within 20 s 0.8367 (the closed form, summed directly)
    expect(erlangCWaitProbability(10, 1 / 3, 35)).toBeCloseTo(0.2846, 4);
    expect(erlangCServiceLevel(10, 1 / 3, 35, 20 / 60)).toBeCloseTo(0.8367, 4);
  });

  it('has no steady state when the load reaches the agents', () => {
    expect(erlangCWaitProbability(10, 1, 10)).toBe(1);
    expect(erlangCServiceLevel(10, 1, 10, 5)).toBe(0);
    expect(erlangCServiceLevel(0, 1, 0, 5)).toBe(1);
  });
});

describe('staffing forecast', () => {
  const flat = (perHour: number) => Array.from({ length: 168 }, () => perHour);
  const input = {
    queueKey: 'vat.EE',
    slaMinutes: 240,
    arrivalsByHourOfWeek: flat(6),
    handleMinutes: 20, // 3 items per agent-hour
    backlog: 0,
    agentsByHour: Array.from({ length: 24 }, () => 3),
  };

  it('a team that serves more than arrives keeps the backlog empty and meets the SLA', () => {
    const hours = forecastQueue(input, new Date('2026-11-25T00:00:00Z'), 24);
    expect(hours.every((h) => h.backlog === 0)).toBe(true);
    expect(byDay(hours)[0]).toMatchObject({ arrivals: 144, capacity: 216, backlogEnd: 0 });
    expect(byDay(hours)[0].attainment).toBeGreaterThan(0.99);
  });

  it('a short team builds a backlog and misses the SLA; two more reviewers fix it', () => {
    const short = forecastQueue({ ...input, agentsByHour: Array(24).fill(1.5) }, new Date('2026-11-25T00:00:00Z'), 24);
    expect(short[23].backlog).toBeCloseTo(24 * (6 - 4.5), 5);
    expect(byDay(short)[0].attainment!).toBeLessThan(0.5);
    const more = forecastQueue({ ...input, agentsByHour: Array(24).fill(3.5) }, new Date('2026-11-25T00:00:00Z'), 24);
    expect(byDay(more)[0].attainment!).toBeGreaterThan(0.99);
  });

  it('weighted absolute percentage error', () => {
    expect(
      wape([
        { predicted: 90, actual: 100 },
        { predicted: 60, actual: 50 },
      ]),
    ).toBeCloseTo(20 / 150, 10);
  });
});
