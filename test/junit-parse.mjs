// Parses a JUnit file with junit2json (a JUnit consumer's parser from the
// npm registry) and prints "tests failures errors skipped" of the root and
// one line per testcase: "suite|classname|name|outcome".
//   node junit-parse.mjs TOOLS_DIR FILE
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [tools, file] = process.argv.slice(2);
const mod = await import(
  pathToFileURL(`${tools}/node_modules/junit2json/dist/esm/index.js`).href);
const root = await mod.parse(readFileSync(file, 'utf8'));
console.log(`${root.tests} ${root.failures} ${root.errors} ${root.skipped}`);
for (const suite of root.testsuite ?? []) {
  for (const tc of suite.testcase ?? []) {
    const outcome = tc.failure ? 'failure' : tc.error ? 'error'
      : tc.skipped ? 'skipped' : 'passed';
    console.log(`${suite.name}|${tc.classname}|${tc.name}|${outcome}`);
  }
}
