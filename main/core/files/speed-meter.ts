// Speed "over the last few seconds": a sliding window of (time, total bytes) samples, so the
// figure follows the connection instead of averaging in a stall from minutes ago.
export class SpeedMeter {
  private samples: { at: number; bytes: number }[] = [];

  constructor(
    private readonly windowMs = 5000,
    /** Samples closer than this replace the newest one: a GiB arrives in ~16k chunks. */
    private readonly resolutionMs = 100,
  ) {}

  /** Record the running total of bytes at time `at`. */
  sample(at: number, bytes: number): void {
    // A time before the newest sample: the clock was set back, and spans across it mean nothing.
    if (at < (this.samples.at(-1)?.at ?? -Infinity)) this.samples = [];
    const last = this.samples[this.samples.length - 1];
    const beforeLast = this.samples[this.samples.length - 2];
    if (last && beforeLast && at - beforeLast.at < this.resolutionMs) {
      last.at = at;
      last.bytes = bytes;
      return;
    }
    this.samples.push({ at, bytes });
    const cutoff = at - this.windowMs;
    // Keep one sample at or before the cutoff so the window always spans windowMs once it can.
    while (this.samples.length > 2 && this.samples[1]!.at <= cutoff) this.samples.shift();
  }

  /** Bytes per second, 0 until two samples are at least 200 ms apart. */
  bytesPerSecond(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at - first.at < 200) return 0;
    return Math.max(0, ((last.bytes - first.bytes) * 1000) / (last.at - first.at));
  }

  reset(): void {
    this.samples = [];
  }
}
