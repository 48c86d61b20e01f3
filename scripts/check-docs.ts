// Documentation check, run by `npm run typecheck` and CI:
//  1. every symbol exported from the two entry points has a TSDoc comment, and every exported function
//     and class has an `@example` with a fenced code block;
//  2. every fenced example in src/ and every ```ts block of README.md type-checks as its own module against the
//     library sources.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {fileURLToPath} from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entries = ['src/index.ts', 'src/node/index.ts'].map((p) => path.join(root, p));
const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true, noEmit: true, skipLibCheck: true, esModuleInterop: true, types: ['node'], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
};
const program = ts.createProgram(entries, options);
const checker = program.getTypeChecker();
const problems: string[] = [];
const examples: Array<{where: string; code: string}> = [];
const seen = new Set<ts.Node>();

function fencedBlocks(text: string): string[] {
  return [...text.matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

for (const entry of entries) {
  const sf = program.getSourceFile(entry);
  const moduleSymbol = sf && checker.getSymbolAtLocation(sf);
  if (!moduleSymbol) throw new Error(`cannot read ${entry}`);
  for (const exp of checker.getExportsOfModule(moduleSymbol)) {
    const sym = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
    for (const decl of sym.declarations ?? []) {
      if (seen.has(decl)) continue;
      seen.add(decl);
      const where = `${path.relative(root, decl.getSourceFile().fileName)}: ${exp.name}`;
      const docs = ts.getJSDocCommentsAndTags(decl);
      const isVar = ts.isVariableDeclaration(decl);
      const hasDoc = docs.length > 0 || (isVar && ts.getJSDocCommentsAndTags(decl.parent.parent).length > 0);
      if (!hasDoc) {
        problems.push(`${where}: exported without a TSDoc comment`);
        continue;
      }
      const needsExample = ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl);
      const exampleTags = ts.getJSDocTags(decl).filter((t) => t.tagName.text === 'example');
      const blocks = exampleTags.flatMap((t) => fencedBlocks(ts.getTextOfJSDocComment(t.comment) ?? ''));
      if (needsExample && blocks.length === 0) problems.push(`${where}: no @example with a fenced code block`);
      blocks.forEach((code, i) => examples.push({where: `${where} (example ${i + 1})`, code}));
    }
  }
}

// The README's usage example is documentation a user copies: it must compile too.
fencedBlocks(fs.readFileSync(path.join(root, 'README.md'), 'utf8'))
  .forEach((code, i) => examples.push({where: `README.md (block ${i + 1})`, code}));

// Type-check the examples as modules importing the package by name (mapped to the sources).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consistency-examples-'));
try {
  const files = examples.map((ex, i) => {
    const file = path.join(dir, `example_${i}.ts`);
    fs.writeFileSync(file, `${ex.code}\nexport {};\n`);
    return file;
  });
  const exProgram = ts.createProgram(files, {
    ...options, baseUrl: root, noUnusedLocals: false,
    paths: {'consistency-tfjs': ['src/index.ts'], 'consistency-tfjs/node': ['src/node/index.ts'], '*': ['node_modules/*']},
    typeRoots: [path.join(root, 'node_modules/@types')],
  });
  const diags = ts.getPreEmitDiagnostics(exProgram).filter((d) => d.file && files.includes(d.file.fileName));
  for (const d of diags) {
    const idx = files.indexOf(d.file!.fileName);
    const {line} = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
    problems.push(`${examples[idx]!.where}, line ${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  }
} finally {
  fs.rmSync(dir, {recursive: true, force: true});
}

if (problems.length) {
  console.error(`docs check: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`docs check: ${seen.size} exported declarations documented, ${examples.length} examples type-check`);
