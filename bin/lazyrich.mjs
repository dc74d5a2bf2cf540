#!/usr/bin/env node
// Entry point of the `lazyrich` command: loads the TypeScript sources through tsx's ESM hooks.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
