#!/usr/bin/env node
// The engine is TypeScript; tsx compiles it on the fly so the CLI runs the very code the browser runs.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/engine/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
