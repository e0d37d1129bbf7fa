import type { AppDeps, AppInstance } from '../http/app-types.js';

export async function tenantRoutes(_app: AppInstance, _deps: AppDeps): Promise<void> {}
