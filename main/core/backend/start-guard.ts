// One click, one effect: a start that is still on its way refuses a second identical one (a
// double click, Ctrl+Enter and a click), instead of sending it and billing the download twice.
import { AppError } from '../errors.js';

export class StartGuard {
  private readonly starting = new Set<string>();

  async run<T>(input: unknown, start: () => Promise<T>): Promise<T> {
    const key = JSON.stringify(input);
    if (this.starting.has(key)) {
      throw new AppError(
        'invalid-input',
        'This download is already being started. Wait for the answer, then look at the downloads list.',
        { alreadyStarting: true },
        false,
      );
    }
    this.starting.add(key);
    try {
      return await start();
    } finally {
      this.starting.delete(key);
    }
  }
}
