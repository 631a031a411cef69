// Validates rendered Kubernetes manifests against the API's schemas (the npm package
// kubernetes-models); run by validate.sh.
import fs from 'fs';
import YAML from 'yaml';
const groups = { v1: 'kubernetes-models/v1', 'apps/v1': 'kubernetes-models/apps/v1', 'policy/v1': 'kubernetes-models/policy/v1' };
let failed = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    const obj = doc.toJSON();
    if (!obj) continue;
    const Model = groups[obj.apiVersion] && (await import(groups[obj.apiVersion]))[obj.kind];
    if (!Model) { console.log(`${file}: ${obj.kind}: no schema`); failed++; continue; }
    try { new Model(obj).validate(); console.log(`${file}: ${obj.kind} ${obj.metadata.name}: valid`); }
    catch (e) { console.log(`${file}: ${obj.kind} ${obj.metadata.name}: INVALID ${e.message}`); failed++; }
  }
}
process.exit(failed ? 1 : 0);
