import Decimal from 'decimal.js';

/** Weights of a queue's priority rule (0 switches a factor off). */
export interface PriorityRule {
  amountWeight: number;
  dueDateWeight: number;
  ageWeight: number;
}

export interface PriorityInput {
  amount: string | null; // decimal string of the invoice payable amount
  dueDate: string | null; // invoice due date (YYYY-MM-DD)
  enteredAt: Date; // when the item entered the queue
}

/** Added to a breached item so it sorts above everything that is still within its SLA. */
export const BREACH_BOOST = 1000;

/**
 * The scale of the score, shared by computePriority and prioritySql so the two cannot drift apart:
 * each factor gives 0–factorMax points.
 */
export const PRIORITY_SCALE = {
  factorMax: 10,
  /** Amount points per decade of the amount: 10 / 7 reaches the maximum at 10 million. */
  amountPointsPerDecade: 10 / 7,
  /** Due in this many days or more: 0 points; due today or overdue: the maximum. */
  dueHorizonDays: 30,
  /** Waiting this many days in the queue gives the maximum. */
  ageFullDays: 10,
} as const;

const DAY_MS = 86_400_000;

/**
 * A score where higher is served first (ties are served oldest first by the claim query):
 *
 *   amountScore = min(log10(|amount| + 1) × 10/7, 10)                 (0 without an amount)
 *   dueScore    = clamp((30 − daysUntilDue) / 30 × 10, 0, 10)         (0 without a due date; days from 00:00 UTC of the due date)
 *   ageScore    = clamp(daysInQueue / 10 × 10, 0, 10)                 (daysInQueue from when the item entered the queue)
 *   priority    = round2(amountWeight × amountScore + dueDateWeight × dueScore + ageWeight × ageScore)
 *               + 1000 once the SLA is breached
 *
 * Due date and age depend on the time, so waiting items are re-scored periodically (prioritySql is the
 * same formula for set-based updates; priority.spec and the priority e2e test hold them equal).
 */
export function computePriority(input: PriorityInput, rule: PriorityRule, now: Date): number {
  if (!input.amount) return roundToCents(scoreOf(input, rule, now, 0));
  // Float log10 first: it is within an ulp or two of the exact value, so the cent the score rounds to can
  // differ only when the score lies within a hair of a half cent. There, and for an amount a double cannot
  // hold, the exact decimal.js log10 decides, as before (and as the SQL twin computes it). decimal.js's
  // arbitrary-precision logarithm was 7 % of the worker's CPU under intake.
  const approx = Math.abs(Number(input.amount));
  if (Number.isFinite(approx)) {
    const score = scoreOf(input, rule, now, amountScoreOf(Math.log10(approx + 1)));
    const x = score * 100 + 0.5; // what roundToCents floors
    if (Math.abs(x - Math.round(x)) > NEAR_HALF_CENT) return roundToCents(score);
  }
  const exact = Decimal.log10(new Decimal(input.amount).abs().plus(1)).toNumber();
  return roundToCents(scoreOf(input, rule, now, amountScoreOf(exact)));
}

/** How close (in hundredths of a point) to a half cent the float score must come for the exact log10 to decide. */
const NEAR_HALF_CENT = 1e-4;

const clampToFactor = (x: number) => Math.min(Math.max(x, 0), PRIORITY_SCALE.factorMax);

const amountScoreOf = (log10: number) => clampToFactor(log10 * PRIORITY_SCALE.amountPointsPerDecade);

/** The weighted score before rounding, given the amount's points. */
function scoreOf(input: PriorityInput, rule: PriorityRule, now: Date, amountScore: number): number {
  const { factorMax, dueHorizonDays, ageFullDays } = PRIORITY_SCALE;
  let dueScore = 0;
  if (input.dueDate) {
    const days = (Date.parse(`${input.dueDate}T00:00:00Z`) - now.getTime()) / DAY_MS;
    dueScore = clampToFactor(((dueHorizonDays - days) / dueHorizonDays) * factorMax);
  }
  const ageScore = clampToFactor(((now.getTime() - input.enteredAt.getTime()) / DAY_MS / ageFullDays) * factorMax);
  return (
    (rule.amountWeight ?? 0) * amountScore + (rule.dueDateWeight ?? 0) * dueScore + (rule.ageWeight ?? 0) * ageScore
  );
}

/** Half up to two decimals, spelled as floor(x + 0.5) so SQL does exactly the same float arithmetic. */
const roundToCents = (score: number) => Math.floor(score * 100 + 0.5) / 100;

/** SQL expressions (column references or parameters) that feed prioritySql. */
export interface PrioritySqlInput {
  amount: string; // numeric, may be NULL
  dueDate: string; // date, may be NULL
  enteredAt: string; // timestamptz
  rule: string; // jsonb {amountWeight, dueDateWeight, ageWeight}
  now: string; // timestamptz
}

/**
 * computePriority as one SQL expression (numeric, two decimals) for set-based re-scoring. It mirrors
 * the TypeScript step by step in float8 (IEEE double, like JavaScript numbers) on whole milliseconds,
 * and takes log10 from an exact numeric, like decimal.js, so both give the same score.
 */
export function prioritySql(c: PrioritySqlInput): string {
  const { factorMax, amountPointsPerDecade, dueHorizonDays, ageFullDays } = PRIORITY_SCALE;
  const f = (n: number) => `${n}::float8`;
  const clamp = (x: string) => `least(greatest(${x}, ${f(0)}), ${f(factorMax)})`;
  const ms = (ts: string) => `floor(extract(epoch from ${ts}) * 1000)`;
  const weight = (key: keyof PriorityRule) => `COALESCE((${c.rule}->>'${key}')::float8, ${f(0)})`;
  const amountScore = clamp(
    `log((abs(COALESCE(${c.amount}, 0)) + 1)::numeric(1000, 20))::float8 * ${f(amountPointsPerDecade)}`,
  );
  const dueDays = `((${ms(`(${c.dueDate})::timestamp`)} - ${ms(c.now)})::float8 / ${f(DAY_MS)})`;
  const dueScore = `CASE WHEN ${c.dueDate} IS NULL THEN ${f(0)} ELSE ${clamp(`((${f(dueHorizonDays)} - ${dueDays}) / ${f(dueHorizonDays)}) * ${f(factorMax)}`)} END`;
  const ageDays = `((${ms(c.now)} - ${ms(c.enteredAt)})::float8 / ${f(DAY_MS)})`;
  const ageScore = clamp(`(${ageDays} / ${f(ageFullDays)}) * ${f(factorMax)}`);
  const score = `(${weight('amountWeight')} * ${amountScore} + ${weight('dueDateWeight')} * ${dueScore} + ${weight('ageWeight')} * ${ageScore})`;
  return `round((floor(${score} * ${f(100)} + ${f(0.5)}) / ${f(100)})::numeric, 2)`;
}
