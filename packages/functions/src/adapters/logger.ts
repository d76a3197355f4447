import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { LogFields, Logger } from '@csms/app/deps';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/**
 * Structured logs through Powertools: one JSON object per line (CloudWatch Logs Insights and `grep` can query
 * them), with the Lambda context and a correlation id added per invocation by the handler middleware.
 */
export function createLogger(level: LogLevel, serviceName = 'csms'): Logger {
  return wrap(new PowertoolsLogger({ serviceName, logLevel: level.toUpperCase() as 'INFO' }));
}

function wrap(logger: PowertoolsLogger): Logger {
  return {
    debug: (message, fields) => logger.debug(message, fields ?? {}),
    info: (message, fields) => logger.info(message, fields ?? {}),
    warn: (message, fields) => logger.warn(message, fields ?? {}),
    error: (message, fields) => logger.error(message, fields ?? {}),
    child: (fields: LogFields) => wrap(logger.createChild({ persistentKeys: fields })),
  };
}
