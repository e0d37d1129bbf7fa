import type { Scenario } from './scenarios.js';
import type { TenantFixture } from './generate.js';

/** Scenarios beyond the inbox (the dashboard statistics), once their endpoint exists. */
export function extraScenarios(_main: TenantFixture): Scenario[] {
  return [];
}
