// Validate a glTF/GLB file with the Khronos glTF validator; prints a JSON summary.
import fs from 'fs';
import { createRequire } from 'module';
const require = createRequire(process.argv[3] + '/');
const validator = require('gltf-validator');
const data = new Uint8Array(fs.readFileSync(process.argv[2]));
const report = await validator.validateBytes(data);
console.log(JSON.stringify({ errors: report.issues.numErrors, warnings: report.issues.numWarnings,
  messages: report.issues.messages.filter(m => m.severity <= 1).slice(0, 10) }));
