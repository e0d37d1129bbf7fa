import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface DemoCredentials {
  hinweis: string;
  url: string;
  tenant: { slug: string; name: string };
  users: { role: string; email: string; displayName: string; password: string }[];
  intakeToken: { name: string; token: string; scopes: string[] };
  operator: { email: string; displayName: string; password: string };
  createdAt: string;
}

export const CREDENTIALS_FILE = 'demo-credentials.json';

export function credentialsPath(dataDir: string): string {
  return join(dataDir, CREDENTIALS_FILE);
}

/** Written once at the first start; readable by the owner only (it holds passwords and a token). */
export function writeCredentials(dataDir: string, credentials: DemoCredentials): string {
  mkdirSync(dataDir, { recursive: true });
  const path = credentialsPath(dataDir);
  writeFileSync(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return path;
}

export function readCredentials(dataDir: string): DemoCredentials | null {
  const path = credentialsPath(dataDir);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as DemoCredentials;
  } catch {
    return null;
  }
}
