import { addBusinessMinutes, BusinessCalendar } from './business-hours';

export interface SlaSettings {
  slaMinutes: number;
  warnAtShare: number; // 0..1 share of the SLA after which the item is "at risk"
  calendar: BusinessCalendar;
  timeZone: string;
}

export interface SlaPlan {
  warnAt: Date;
  dueAt: Date;
}

/** Warning and due instants of an item that entered its queue at `start`, in the queue's business hours. */
export function planSla(start: Date, s: SlaSettings): SlaPlan {
  const share = Math.min(Math.max(s.warnAtShare, 0), 1);
  return {
    warnAt: addBusinessMinutes(start, Math.round(s.slaMinutes * share), s.calendar, s.timeZone),
    dueAt: addBusinessMinutes(start, s.slaMinutes, s.calendar, s.timeZone),
  };
}
