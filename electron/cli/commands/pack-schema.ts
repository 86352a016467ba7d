/** `mldrill pack schema [--strict]`: the pack format as a JSON Schema, for editors (see docs/pack-format.md). */
import { parseArgs } from 'node:util';
import { PACK_FORMAT_VERSION, packSchema } from '../../../shared/pack-schema';
import { UsageError, type CliIO, type Command } from '../io';

export const PACK_SCHEMA_ID = `urn:mldrill:drillpack:${PACK_FORMAT_VERSION}`;

type JsonObject = Record<string, unknown>;

/**
 * The JSON Schema (draft 2020-12) that zod generates from the pack schema, with an `$id`, a title and notes on what
 * only `mldrill pack validate` checks. The schema has no refinements to lose: the cross-field rules (unique ids) and
 * the checks before parsing (size, depth, duplicate and reserved keys) live in validate-pack.ts and are described
 * here instead. `strict` refuses fields the format does not know (the validator only warns about them), which lets
 * an editor underline a misspelt optional field; `$schema` stays allowed at the top.
 */
export function packJsonSchema(opts: { strict?: boolean } = {}): JsonObject {
  // A plain copy: the generator's result also carries a non-JSON "~standard" property.
  const generated = JSON.parse(JSON.stringify(packSchema.toJSONSchema({ target: 'draft-2020-12', io: 'input' }))) as JsonObject;
  const { $schema, ...rest } = generated;
  const schema: JsonObject = {
    $schema,
    $id: PACK_SCHEMA_ID,
    title: `ML Interview Drill pack (format version ${PACK_FORMAT_VERSION})`,
    description:
      'A *.drillpack.json file (docs/pack-format.md). Also checked by `mldrill pack validate`, not by this schema: question ids unique ' +
      'in the pack and checklist item ids unique in their question, at most 20 MB, nesting depth at most 6, no repeated or reserved keys; ' +
      'lengths count UTF-16 code units there (an emoji counts 2) and code points here.',
    ...rest,
  };
  const properties = schema.properties as JsonObject;
  const questions = properties.questions as JsonObject;
  const question = questions.items as JsonObject;
  const checklist = (question.properties as JsonObject).checklist as JsonObject;
  const item = checklist.items as JsonObject;
  questions.description = 'Question ids must be unique within the pack.';
  checklist.description = 'Item ids must be unique within the question.';
  if (opts.strict) {
    schema.properties = { $schema: { type: 'string', description: 'The JSON Schema this file follows, for editors; the app ignores it.' }, ...properties };
    for (const o of [schema, question, item]) o.additionalProperties = false;
  }
  return schema;
}

function run(argv: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({ args: argv, options: { strict: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length) throw new UsageError(`pack schema takes no arguments (got ${positionals.join(' ')})`);
  io.out(JSON.stringify(packJsonSchema({ strict: values.strict === true }), null, 2));
  return 0;
}

export const packSchemaCommand: Command = {
  name: 'pack schema',
  summary: 'print the pack format as a JSON Schema, for editors',
  usage: `Usage: mldrill pack schema [--strict]

Prints the pack format as a JSON Schema (draft 2020-12), generated from the validator's own schema, on stdout:
  npx mldrill pack schema > drillpack.schema.json
Editors such as VS Code then complete and check *.drillpack.json files (see docs/pack-format.md). The schema does
not check everything \`mldrill pack validate\` does: unique ids, the 20 MB size limit, repeated keys.
  --strict     refuse fields the format does not know (the validator only warns), so misspellings stand out
  -h, --help   show this help`,
  run,
};
