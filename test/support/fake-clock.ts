import { Clock } from '../../src/common/clock/clock.js';

/** A clock the test moves by hand: deadlines are tested without sleeping. */
export class FakeClock extends Clock {
  private t = Date.now();

  override now(): Date {
    return new Date(this.t);
  }

  advance(ms: number): void {
    this.t += ms;
  }

  advanceSeconds(s: number): void {
    this.advance(s * 1000);
  }
}
