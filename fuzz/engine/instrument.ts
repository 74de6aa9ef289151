/**
 * Coverage instrumentation for the fuzzer: an esbuild plugin that rewrites the code under test
 * so that every basic block bumps an 8-bit counter, as libFuzzer's inline 8-bit counters do.
 *
 * The rewrite is a TypeScript transformer (the compiler is already a dev dependency) run on each
 * source file as esbuild loads it: a counter at the top of every block and function body, on
 * both arms of every `if` (an `if` without `else` gets an empty one, so "not taken" is an edge
 * too), on every `case`, on both arms of `?:`, and on the right operand of `&&`, `||` and `??`
 * (the short-circuit is a branch). Counters live in one `Uint8Array` on `globalThis`, indexed
 * by a number fixed at build time; the runner reads and clears it after each execution.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';
import ts from 'typescript';
import { COUNTERS_GLOBAL } from './protocol.js';


/** What the plugin tells the runner after a build. */
export interface InstrumentStats {
  /** Number of counters allocated (ids 0..count−1). */
  count: number;
  /** Files instrumented. */
  files: string[];
}

/** Rewrites one file's source, numbering counters from `stats.count`. */
export function instrumentSource(source: string, fileName: string, stats: InstrumentStats): string {
  const kind = fileName.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, kind);
  const f = ts.factory;
  const counter = (): ts.Expression =>
    f.createPostfixIncrement(f.createElementAccessExpression(f.createIdentifier(COUNTERS_GLOBAL), f.createNumericLiteral(stats.count++)));
  const counterStatement = (): ts.Statement => f.createExpressionStatement(counter());
  const withCounter = (expression: ts.Expression): ts.Expression =>
    f.createParenthesizedExpression(f.createCommaListExpression([counter(), expression]));

  /** Inserts a counter after the directive prologue ("use strict") of a statement list. */
  const prepend = (statements: readonly ts.Statement[]): ts.Statement[] => {
    let at = 0;
    while (at < statements.length) {
      const s = statements[at]!;
      if (!ts.isExpressionStatement(s) || !ts.isStringLiteral(s.expression)) break;
      at++;
    }
    return [...statements.slice(0, at), counterStatement(), ...statements.slice(at)];
  };
  const asBlock = (statement: ts.Statement): ts.Block =>
    ts.isBlock(statement) ? statement : f.createBlock([counterStatement(), statement], true);

  const transformer: ts.TransformerFactory<ts.SourceFile> = (context) => {
    const visit = (node: ts.Node): ts.Node => {
      // Types and ambient declarations hold no code.
      if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return node;
      const visited = ts.visitEachChild(node, visit, context);
      if (ts.isBlock(visited)) return f.updateBlock(visited, prepend(visited.statements));
      if (ts.isIfStatement(visited)) {
        const elseBranch = visited.elseStatement === undefined ? f.createBlock([counterStatement()]) : asBlock(visited.elseStatement);
        return f.updateIfStatement(visited, visited.expression, asBlock(visited.thenStatement), elseBranch);
      }
      if (ts.isForStatement(visited)) return f.updateForStatement(visited, visited.initializer, visited.condition, visited.incrementor, asBlock(visited.statement));
      if (ts.isForOfStatement(visited)) return f.updateForOfStatement(visited, visited.awaitModifier, visited.initializer, visited.expression, asBlock(visited.statement));
      if (ts.isForInStatement(visited)) return f.updateForInStatement(visited, visited.initializer, visited.expression, asBlock(visited.statement));
      if (ts.isWhileStatement(visited)) return f.updateWhileStatement(visited, visited.expression, asBlock(visited.statement));
      if (ts.isDoStatement(visited)) return f.updateDoStatement(visited, asBlock(visited.statement), visited.expression);
      if (ts.isCaseClause(visited)) return f.updateCaseClause(visited, visited.expression, prepend(visited.statements));
      if (ts.isDefaultClause(visited)) return f.updateDefaultClause(visited, prepend(visited.statements));
      if (ts.isConditionalExpression(visited)) {
        return f.updateConditionalExpression(visited, visited.condition, visited.questionToken, withCounter(visited.whenTrue), visited.colonToken, withCounter(visited.whenFalse));
      }
      if (ts.isBinaryExpression(visited)) {
        const op = visited.operatorToken.kind;
        if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
          return f.updateBinaryExpression(visited, visited.left, visited.operatorToken, withCounter(visited.right));
        }
      }
      if (ts.isArrowFunction(visited) && !ts.isBlock(visited.body)) {
        return f.updateArrowFunction(visited, visited.modifiers, visited.typeParameters, visited.parameters, visited.type, visited.equalsGreaterThanToken, withCounter(visited.body));
      }
      return visited;
    };
    return (sourceFile) => ts.visitNode(sourceFile, visit) as ts.SourceFile;
  };

  const result = ts.transform(file, [transformer]);
  const printed = ts.createPrinter({ removeComments: true }).printFile(result.transformed[0]!);
  result.dispose();
  stats.files.push(fileName);
  return `var ${COUNTERS_GLOBAL} = globalThis.${COUNTERS_GLOBAL};\n${printed}`;
}

/**
 * An esbuild plugin instrumenting every file whose path matches `include` (and not `exclude`).
 * TypeScript stays TypeScript (esbuild strips the types after), JavaScript stays JavaScript.
 */
export function instrumentPlugin(include: RegExp, stats: InstrumentStats, exclude?: RegExp): Plugin {
  return {
    name: 'healthcode-fuzz-instrument',
    setup(build) {
      build.onLoad({ filter: include }, async (args) => {
        if (exclude?.test(args.path)) return undefined;
        const source = await readFile(args.path, 'utf8');
        const loader = args.path.endsWith('.ts') ? 'ts' : 'js';
        return { contents: instrumentSource(source, args.path, stats), loader };
      });
    },
  };
}
