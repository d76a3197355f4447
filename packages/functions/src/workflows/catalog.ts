/**
 * The one list of Step Functions state machines and the Lambda tasks their ASL refers to.
 * SST (`stacks/`) reads it to create the functions and fill the ASL's `${<Task>FunctionArn}` substitutions;
 * the local Step Functions endpoint (`packages/local`) reads it to map the same tasks to in-process handlers.
 */
export interface WorkflowDefinition {
  /** ASL file, relative to the repository root. */
  readonly aslFile: string;
  /** Task name → handler path (`file.export`, relative to the repository root, SST v2 style). */
  readonly tasks: Readonly<Record<string, string>>;
}

export const workflows = {
  sessionLifecycle: {
    aslFile: 'packages/functions/workflows/session-lifecycle.asl.json',
    tasks: {
      ReserveFunds: 'packages/functions/src/workflows/tasks/reserve-funds.handler',
      AwaitSessionEnd: 'packages/functions/src/workflows/tasks/await-session-end.handler',
      CheckSession: 'packages/functions/src/workflows/tasks/check-session.handler',
      PriceSession: 'packages/functions/src/workflows/tasks/price-session.handler',
      SettleSession: 'packages/functions/src/workflows/tasks/settle-session.handler',
      IssueDocument: 'packages/functions/src/workflows/tasks/issue-document.handler',
      EmitSessionEvent: 'packages/functions/src/workflows/tasks/emit-session-event.handler',
      FlagNeedsReview: 'packages/functions/src/workflows/tasks/flag-needs-review.handler',
    },
  },
} as const satisfies Record<string, WorkflowDefinition>;

export type WorkflowName = keyof typeof workflows;

/** The ASL placeholder a task's Lambda ARN is substituted for, e.g. `${RecordSessionEventFunctionArn}`. */
export const taskArnPlaceholder = (task: string): string => `${task}FunctionArn`;
