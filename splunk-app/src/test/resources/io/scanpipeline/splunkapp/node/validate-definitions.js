// Validates Dashboard Studio definitions against the schema that @splunk/dashboard-definition exports
// (defaultSchema), compiled with the ajv that package depends on. Offline; Node 20.
// Input (stdin): {"<dashboard name>": <definition JSON>, ...}
// Output (stdout): {"<dashboard name>": [{"path": "<JSON pointer>", "message": "...", "keyword": "..."}], ...}
'use strict';
const { defaultSchema } = require('@splunk/dashboard-definition');
const Ajv = require('ajv');

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(defaultSchema);
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const definitions = JSON.parse(input);
  const result = {};
  for (const [name, definition] of Object.entries(definitions)) {
    result[name] = validate(definition) ? [] : validate.errors.map((e) => ({
      path: e.instancePath || '/',
      message: e.message + (e.params && e.params.additionalProperty ? `: ${e.params.additionalProperty}` : ''),
      keyword: e.keyword,
    }));
  }
  process.stdout.write(JSON.stringify(result));
});
