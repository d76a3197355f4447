/**
 * Structured logs: one JSON object per line, which CloudWatch Logs Insights (and `grep`) can query. The level
 * comes from `LOG_LEVEL` (default `info`); the test suites run at `warn` to keep CI output readable.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function enabled(level: Level): boolean {
  const configured = (process.env.LOG_LEVEL ?? 'info') as Level;
  return ORDER[level] >= (ORDER[configured] ?? ORDER.info);
}

function write(level: Level, msg: string, fields: Record<string, unknown>): void {
  if (!enabled(level)) return;
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

export const log = {
  debug: (msg: string, fields: Record<string, unknown> = {}) => write('debug', msg, fields),
  info: (msg: string, fields: Record<string, unknown> = {}) => write('info', msg, fields),
  warn: (msg: string, fields: Record<string, unknown> = {}) => write('warn', msg, fields),
  error: (msg: string, fields: Record<string, unknown> = {}) => write('error', msg, fields),
};
