// Validates a SARIF log against the SARIF 2.1.0 JSON schema. Usage: node validate-sarif.js <node_modules> <schema> <file>
// The schema @microsoft/jest-sarif ships is draft-04, which ajv 6 reads (ajv 8 and ajv-cli no longer do).
'use strict';
const fs = require('fs');
const path = require('path');
const [modules, schemaPath, dataPath] = process.argv.slice(2);
const Ajv = require(path.join(modules, 'ajv'));
const ajv = new Ajv({ schemaId: 'id', allErrors: true, format: 'full', logger: false });
ajv.addMetaSchema(require(path.join(modules, 'ajv/lib/refs/json-schema-draft-04.json')));
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
if (validate(JSON.parse(fs.readFileSync(dataPath, 'utf8')))) {
  console.log('valid');
} else {
  console.log(JSON.stringify(validate.errors, null, 1));
  process.exit(1);
}
