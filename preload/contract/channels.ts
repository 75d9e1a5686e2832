// The two IPC channels: calls go to main on one, events come back on the other.
export const CALL_CHANNEL = 'datafiniti:call';
export const EVENT_CHANNEL = 'datafiniti:event';
