#!/usr/bin/env node
// The `amtsdesk` command. Runs the TypeScript sources directly through tsx (no build step), in
// this process, so signals (Ctrl+C) and exit codes behave like any other command.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
