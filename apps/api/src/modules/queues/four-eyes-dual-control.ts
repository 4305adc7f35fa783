import Decimal from 'decimal.js';
import { QueueFourEyes } from '../pending-changes/pending-change.kinds';
import { QueueSettingsDto } from './dto/queue-settings.dto';

/**
 * Splits a queue settings change into what applies at once and what loosens four eyes, which needs a
 * second manager: switching `fourEyes` off, removing the amount threshold or raising it. Switching it on,
 * adding a threshold where there was none and lowering one apply at once.
 */
export function splitFourEyesChange(
  current: { four_eyes: boolean; four_eyes_amount_threshold: string | null },
  dto: QueueSettingsDto,
): { immediate: QueueSettingsDto; loosening: QueueFourEyes | null } {
  const immediate: QueueSettingsDto = { ...dto };
  const loosening: QueueFourEyes = {};
  if (dto.fourEyes === false && current.four_eyes) {
    loosening.fourEyes = false;
    delete immediate.fourEyes;
  }
  const was = current.four_eyes_amount_threshold;
  const to = dto.fourEyesAmountThreshold;
  if (to !== undefined && was !== null && (to === null || new Decimal(to).gt(was))) {
    loosening.fourEyesAmountThreshold = to;
    delete immediate.fourEyesAmountThreshold;
  }
  return { immediate, loosening: Object.keys(loosening).length ? loosening : null };
}
