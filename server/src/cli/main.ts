import { consoleOutput } from './output.js';
import { runCli } from './run.js';

// Entry point of `amtsdesk …` (bin/amtsdesk.mjs) and of `npm start` (tsx src/cli/main.ts start).
const code = await runCli(process.argv.slice(2), consoleOutput);
process.exit(code);
