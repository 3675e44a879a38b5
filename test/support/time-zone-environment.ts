// A jest environment that runs each test file of its project under one time zone (testEnvironmentOptions.timeZone):
// the statutory clock's tests under UTC, Europe/London, Pacific/Kiritimati and America/Los_Angeles in ONE jest run
// (jest.config.js, the `clock-tz-*` projects) instead of four runs started with TZ=... each.
//
// Node re-reads the time zone when the real process.env.TZ is assigned (V8's date cache and ICU's default zone are
// reset). A test file's own `process.env` is jest's copy, where an assignment changes nothing, so the zone is set
// here, outside the file's sandbox, before the file is loaded, and put back afterwards: a jest worker runs files of
// other projects next. The zone in force inside the sandbox is checked, so a Node that ignored the assignment fails
// the file instead of passing it under the machine's zone.
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { TestEnvironment } from 'jest-environment-node';

export default class TimeZoneEnvironment extends TestEnvironment {
  private readonly timeZone: string;
  private previous: string | undefined;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const timeZone = config.projectConfig.testEnvironmentOptions.timeZone;
    if (typeof timeZone !== 'string' || !timeZone) throw new Error('time-zone-environment: set testEnvironmentOptions.timeZone in the project');
    this.timeZone = timeZone;
  }

  override async setup(): Promise<void> {
    await super.setup();
    this.previous = process.env.TZ;
    process.env.TZ = this.timeZone;
    this.global.process.env.TZ = this.timeZone;
    // Inside the file's sandbox, the zone Intl reports and the offsets Date uses in winter and summer must both be the
    // asked zone's.
    const { Date: SandboxDate, Intl: SandboxIntl } = this.global as unknown as { Date: DateConstructor; Intl: typeof Intl };
    const inForce = new SandboxIntl.DateTimeFormat().resolvedOptions().timeZone;
    for (const instant of [new SandboxDate(Date.UTC(2026, 0, 15, 12)), new SandboxDate(Date.UTC(2026, 6, 15, 12))]) {
      const name = new Intl.DateTimeFormat('en-GB', { timeZone: this.timeZone, timeZoneName: 'longOffset' }).formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? '';
      const [, sign, hours, minutes] = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name) ?? [];
      const expected = sign ? (sign === '-' ? 1 : -1) * (Number(hours) * 60 + Number(minutes)) : 0;
      if (inForce !== this.timeZone || instant.getTimezoneOffset() !== expected) {
        throw new Error(`time-zone-environment: asked for ${this.timeZone}, Node runs in ${inForce} (offset ${instant.getTimezoneOffset()} min on ${instant.toISOString()}, expected ${expected})`);
      }
    }
  }

  override async teardown(): Promise<void> {
    if (this.previous === undefined) delete process.env.TZ;
    else process.env.TZ = this.previous;
    await super.teardown();
  }
}
