'use strict';
// runbox's start-up snapshot for tsc, made when the image is built (see the Dockerfile):
//   node --snapshot-blob /opt/runbox/tsc.blob --build-snapshot tsc-snapshot.js TRAINING_DIR
// Debian's tsc (lib/tsc.js, everything but its last lines, which run the command line) is loaded
// into the snapshot, and so are parsed syntax trees of the declaration files that a compile of the
// training folder reads (the lib.*.d.ts files and Node's types, over 60,000 lines that tsc
// otherwise parses in every run). At run time (/usr/local/bin/tsc) tsc's own command line runs as
// usual; ts.createSourceFile hands out a tree from the snapshot only for the same file name, the
// same text (compared in full), the same language version, module format, script kind and
// parent-node setting, and otherwise parses as always. The trees are parsed afresh for the
// snapshot, never bound by a program, so every run binds and type-checks them itself.
const fs = require('fs');
const path = require('path');
const v8 = require('v8');

const TSC = '/usr/share/nodejs/typescript/lib/tsc.js';
const TAIL = '// This file actually uses arguments passed on commandline and executes it';

const source = fs.readFileSync(TSC, 'utf8');
const cut = source.lastIndexOf(TAIL);
if (cut < 0 || !source.slice(cut).includes('ts.executeCommandLine(ts.sys, ts.noop, ts.sys.args);')) {
  throw new Error('tsc.js does not end as expected');
}
// tsc.js without its last lines, evaluated as Node would load it, returning its namespace. (A
// snapshot's entry script can require built-in modules only, which is all that tsc.js requires.)
const load = (0, eval)(
  '(function (exports, require, module, __filename, __dirname) {' + source.slice(0, cut) + '\nreturn ts;\n})');
const ts = load({}, require, { exports: {} }, TSC, path.dirname(TSC));

// The training compile: the image's own command line, on the training folder, with
// createSourceFile watched; nothing is written (noEmit).
const parse = ts.createSourceFile;
const seen = new Map();
function keyOf(fileName, languageVersionOrOptions, setParentNodes, scriptKind) {
  const o = typeof languageVersionOrOptions === 'object'
    ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
  return JSON.stringify([fileName, o.languageVersion, o.impliedNodeFormat, !!setParentNodes, scriptKind]);
}
ts.createSourceFile = function (fileName, sourceText, languageVersionOrOptions, setParentNodes, scriptKind) {
  if (fileName.endsWith('.d.ts') && (fileName.startsWith('/usr/') || fileName.startsWith('/node_modules/'))) {
    seen.set(keyOf(fileName, languageVersionOrOptions, setParentNodes, scriptKind),
      { fileName, sourceText, languageVersionOrOptions, setParentNodes, scriptKind });
  }
  return parse.apply(this, arguments);
};
const training = process.argv[2];
const args = ['--strict', '--target', 'es2022', '--module', 'commonjs', '--lib', 'es2022', '--skipLibCheck', '--noEmit'];
const files = fs.readdirSync(training).filter((f) => f.endsWith('.ts')).map((f) => path.join(training, f));
const parsed = ts.parseCommandLine(args.concat(files));
// (a host of its own, so that ts.sys does not memoize the build's current folder)
const host = ts.createCompilerHost(parsed.options);
host.getCurrentDirectory = () => training;
const program = ts.createProgram(parsed.fileNames, parsed.options, host);
const diagnostics = ts.getPreEmitDiagnostics(program);
if (diagnostics.length > 0 || seen.size < 10) {
  throw new Error('training compile: ' + diagnostics.length + ' diagnostics, ' + seen.size + ' declaration files');
}

// Fresh trees, parsed again, never bound by a program.
const trees = new Map();
for (const [key, c] of seen) {
  trees.set(key, {
    sourceText: c.sourceText,
    options: c.languageVersionOrOptions,
    file: parse(c.fileName, c.sourceText, c.languageVersionOrOptions, c.setParentNodes, c.scriptKind),
  });
}

let served = 0;
ts.createSourceFile = function (fileName, sourceText, languageVersionOrOptions, setParentNodes, scriptKind) {
  const key = keyOf(fileName, languageVersionOrOptions, setParentNodes, scriptKind);
  const t = trees.get(key);
  if (t !== undefined && t.sourceText === sourceText) {
    trees.delete(key); // a tree goes to one program only
    served++;
    const file = t.file;
    // what createSourceFile does at the end of a parse, with this compile's options
    const o = typeof languageVersionOrOptions === 'object' ? languageVersionOrOptions : {};
    if (o.setExternalModuleIndicator) {
      o.setExternalModuleIndicator(file);
    } else {
      file.externalModuleIndicator = ts.isFileProbablyExternalModule(file);
    }
    return file;
  }
  return parse.apply(this, arguments);
};

v8.startupSnapshot.setDeserializeMainFunction(() => {
  // Node keeps process.cwd() cached, and the cache comes from the build: a chdir refreshes it.
  process.chdir('.');
  ts.sys.getCurrentDirectory = ts.memoize(() => process.cwd());
  // ts.sys was made when the snapshot was built: its arguments are this run's.
  ts.sys.args = process.argv.slice(1); // [node, ...the arguments after /usr/local/bin/tsc's --]
  if (process.env.RUNBOX_TSC_SNAPSHOT_DEBUG) {
    process.on('exit', () => process.stderr.write('tsc snapshot: ' + served + ' trees served\n'));
  }
  // the last lines of tsc.js
  ts.Debug.loggingHost = {
    log: function (_level, s) {
      ts.sys.write(''.concat(s || '').concat(ts.sys.newLine));
    },
  };
  if (ts.Debug.isDebugging) {
    ts.Debug.enableDebugInfo();
  }
  if (ts.sys.tryEnableSourceMapsForHost && /^development$/i.test(ts.sys.getEnvironmentVariable('NODE_ENV'))) {
    ts.sys.tryEnableSourceMapsForHost();
  }
  if (ts.sys.setBlocking) {
    ts.sys.setBlocking();
  }
  ts.executeCommandLine(ts.sys, ts.noop, ts.sys.args);
});
