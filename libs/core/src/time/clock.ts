import { IsoDate, todayInLondon } from '@app/statutory-clock';

/**
 * The one source of "now" and "today". Business dates are Europe/London calendar dates, whatever TZ the
 * process runs in; tests inject a FixedClock instead of faking timers.
 */
export abstract class Clock {
  abstract now(): Date;

  today(): IsoDate {
    return todayInLondon(this.now());
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock whose time only moves when a test moves it. */
export class FixedClock extends Clock {
  constructor(private instant: Date) {
    super();
  }

  now(): Date {
    return new Date(this.instant.getTime());
  }

  set(instant: Date): void {
    this.instant = instant;
  }
}
