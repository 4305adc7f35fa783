import type { IntakeLimits } from './intake-limits';
import { IntakeBody, readIntakeBody, ReadOutcome } from './read-intake-body';

/** Piscina task: reads one big posted invoice off the API's event loop. */
export default function readIntakeBodyTask(task: { body: IntakeBody; limits: IntakeLimits }): Promise<ReadOutcome> {
  return readIntakeBody(task.body, task.limits);
}
