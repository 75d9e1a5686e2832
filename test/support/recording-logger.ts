// A Logger that keeps its lines as "level: message", for tests that assert what was logged.
import type { Logger } from '../../main/core/ports.js';

export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}
