// The CLI proper, loaded by main.ts once the Node version is known to be supported.
import { loadDotEnv } from '../llm/index.ts';
import { reportError } from './exit.ts';
import { createProgram } from './program.ts';

// The AI SDK prints warnings to the console; Sigma reports what matters itself.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

// `sigma tasks | head`: a closed pipe ends the output quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  loadDotEnv();
  await createProgram().parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error);
}
