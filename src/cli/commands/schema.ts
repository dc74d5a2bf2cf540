/**
 * `lazyrich schema`: prints the JSON Schema (draft 2020-12) of the experiment document, the same
 * as the committed `schema/experiment.schema.json` (a test keeps them equal). Editors can validate
 * documents against it with `"$schema": "./schema/experiment.schema.json"`.
 * @module
 */
import type { Command } from 'commander';
import type { CliContext } from '../main.js';
import { experimentJsonSchema } from '../../config/index.js';

/** The text `lazyrich schema` prints (and the committed file contains). */
export function schemaText(): string {
  return JSON.stringify(experimentJsonSchema(), null, 2) + '\n';
}

export function registerSchema(program: Command, ctx: CliContext): void {
  program
    .command('schema')
    .description('print the JSON Schema of the experiment document')
    .action(() => {
      ctx.io.out(schemaText());
    });
}
