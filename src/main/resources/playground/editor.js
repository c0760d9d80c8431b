// The code editor: CodeMirror 6 from the WebJars runbox serves (see the import map in index.html),
// with a legacy stream mode per language for highlighting. One EditorState per file keeps each
// tab's undo history.
import {basicSetup, EditorView} from "codemirror";
import {EditorState, Prec} from "@codemirror/state";
import {keymap} from "@codemirror/view";
import {StreamLanguage} from "@codemirror/language";
import {indentWithTab} from "@codemirror/commands";
import {python} from "@codemirror/legacy-modes/mode/python.js";
import {javascript, typescript, json} from "@codemirror/legacy-modes/mode/javascript.js";
import {c, cpp, java, clike} from "@codemirror/legacy-modes/mode/clike.js";
import {rust} from "@codemirror/legacy-modes/mode/rust.js";
import {go} from "@codemirror/legacy-modes/mode/go.js";
import {ruby} from "@codemirror/legacy-modes/mode/ruby.js";
import {shell} from "@codemirror/legacy-modes/mode/shell.js";
import {toml} from "@codemirror/legacy-modes/mode/toml.js";

const words = text => Object.fromEntries(text.split(" ").map(w => [w, true]));

// legacy-modes has no PHP; its C-like tokenizer with PHP's words and $variables is close enough
const php = clike({
  name: "php",
  keywords: words("abstract and as break callable case catch class clone const continue declare default do echo else " +
    "elseif empty enum extends final finally fn for foreach function global goto if implements include include_once " +
    "instanceof insteadof interface isset list match namespace new or print private protected public readonly require " +
    "require_once return static switch throw trait try unset use var while xor yield"),
  types: words("array bool float int iterable mixed never object self parent string void"),
  atoms: words("true false null TRUE FALSE NULL __CLASS__ __DIR__ __FILE__ __LINE__ __METHOD__ __FUNCTION__ __NAMESPACE__"),
  blockKeywords: words("catch do else elseif for foreach if switch try while finally"),
  defKeywords: words("class enum function interface namespace trait"),
  multiLineStrings: true,
  hooks: {
    "$": stream => { stream.eatWhile(/[\w$]/); return "variableName.special"; },
    "#": stream => { stream.skipToEnd(); return "comment"; },
  },
});

const byExtension = {
  py: python, js: javascript, mjs: javascript, cjs: javascript, ts: typescript, json,
  java, c, h: c, cpp: cpp, cc: cpp, cxx: cpp, hpp: cpp, hh: cpp, hxx: cpp,
  rs: rust, go, php, rb: ruby, sh: shell, bash: shell, bats: shell, toml,
};

/** The stream language for a file name, or null for plain text. */
export function languageOf(name) {
  const dot = name.lastIndexOf(".");
  const mode = dot < 0 ? null : byExtension[name.slice(dot + 1).toLowerCase()];
  return mode ? StreamLanguage.define(mode) : null;
}

/** Mounts an editor in parent; onRun is bound to Ctrl/Cmd+Enter, onChange gets every edit. */
export function createEditor(parent, {onRun, onChange}) {
  const shared = [
    Prec.highest(keymap.of([{key: "Mod-Enter", run: () => { onRun(); return true; }}])),
    basicSetup,
    keymap.of([indentWithTab]),
    EditorView.updateListener.of(u => { if (u.docChanged) onChange(u.state.doc.toString()); }),
    EditorView.contentAttributes.of({"aria-label": "source file"}),
  ];
  const view = new EditorView({parent, state: EditorState.create({doc: "", extensions: shared})});
  return {
    /** A new state for a file: its text and its language, with the shared extensions. */
    stateFor(name, text) {
      const language = languageOf(name);
      return EditorState.create({doc: text, extensions: language ? [shared, language] : shared});
    },
    show(state) { view.setState(state); },
    current() { return view.state; },
    focus() { view.focus(); },
  };
}
