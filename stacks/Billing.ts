import { Cron, type StackContext, use } from 'sst/constructs';
import { secretsFunctionProps } from './lib/secrets.js';
import { Settings } from './Settings.js';
import { Storage } from './Storage.js';

export const BILLING_JOBS_HANDLER = 'packages/functions/src/billing/scheduled-jobs.handler';
/** 00:15 UTC daily: after midnight, so the first run of a month closes the month that just ended. */
export const BILLING_JOBS_SCHEDULE = 'cron(15 0 * * ? *)';

/**
 * The daily billing run (close the previous month, block customers with overdue invoices, forfeit expired
 * vouchers) as an EventBridge rule → Lambda. Every step is idempotent, so a retried or repeated run is harmless.
 */
export function Billing({ stack }: StackContext) {
  const { table } = use(Storage);
  const settings = use(Settings);

  const cron = new Cron(stack, 'BillingJobs', {
    schedule: BILLING_JOBS_SCHEDULE,
    job: {
      function: {
        handler: BILLING_JOBS_HANDLER,
        // It walks every tenant: well beyond the 10 s default.
        timeout: '15 minutes',
        environment: { TABLE_NAME: table.tableName },
        ...secretsFunctionProps(settings),
      },
    },
  });
  table.cdk.table.grantReadWriteData(cron.jobFunction);

  return { cron };
}
