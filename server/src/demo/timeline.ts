/** One thing that happens in the demo's history, at its time. */
export interface DemoStep {
  at: Date;
  run: () => Promise<void>;
}

/**
 * Runs the steps in time order (steps of the same time in the order given), so the history's
 * events are appended — and hash-chained — in the order they happened.
 */
export async function runTimeline(steps: DemoStep[]): Promise<void> {
  const ordered = steps.map((step, order) => ({ step, order })).sort((a, b) => a.step.at.getTime() - b.step.at.getTime() || a.order - b.order);
  for (const { step } of ordered) await step.run();
}
