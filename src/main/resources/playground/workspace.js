// The files being edited for one image, shown as tabs over one editor. Each file keeps its own
// editor state, so undo history survives switching tabs.
const $ = id => document.getElementById(id);

/** Why a name cannot be used, or null; the service checks names again. */
export function nameProblem(name, taken) {
  if (name === "") return "a name is needed";
  if (name.length > 255) return "at most 255 characters";
  if (name.startsWith("/")) return "a relative name, without a leading /";
  if (/[\\\u0000-\u001f\u007f]/.test(name)) return "no backslash or control characters";
  if (name.split("/").some(s => s === "" || s === "." || s === "..")) return "no empty, '.' or '..' parts";
  if (taken.includes(name)) return `${name} exists already`;
  return null;
}

export class Workspace {
  constructor(editor, files) {
    this.editor = editor;
    this.states = new Map();
    this.edited = false;
    for (const [name, text] of Object.entries(files)) this.states.set(name, editor.stateFor(name, text));
    this.active = this.names()[0] ?? null;
  }

  names() { return [...this.states.keys()]; }

  /** Keeps the editor's current text in the active file's state. */
  sync() {
    if (this.active !== null) this.states.set(this.active, this.editor.current());
  }

  files() {
    this.sync();
    return Object.fromEntries([...this.states].map(([name, state]) => [name, state.doc.toString()]));
  }

  select(name) {
    this.sync();
    this.active = name;
    this.editor.show(this.states.get(name));
    this.render();
  }

  add(name) {
    this.sync();
    this.states.set(name, this.editor.stateFor(name, ""));
    this.edited = true;
    this.select(name);
  }

  rename(from, to) {
    this.sync();
    const text = this.states.get(from).doc.toString();
    // keep the tab's place in the order
    this.states = new Map([...this.states].map(([n, s]) => n === from ? [to, this.editor.stateFor(to, text)] : [n, s]));
    this.active = null;
    this.edited = true;
    this.select(to);
  }

  remove(name) {
    this.sync();
    const names = this.names();
    const next = names[Math.max(0, names.indexOf(name) - 1)];
    this.states.delete(name);
    this.edited = true;
    this.active = null;
    if (this.states.size === 0) {
      this.editor.show(this.editor.stateFor("", ""));
      this.render();
    } else {
      this.select(next === name ? this.names()[0] : next);
    }
  }

  /** Draws the tabs; call after a change. */
  render() {
    const tabs = this.names().map(name => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "tab";
      b.role = "tab";
      b.textContent = name;
      b.dataset.name = name;
      b.setAttribute("aria-selected", String(name === this.active));
      b.addEventListener("click", () => this.select(name));
      return b;
    });
    $("tabs").replaceChildren(...tabs);
    $("add-file").disabled = false;
    for (const id of ["rename-file", "delete-file"]) $(id).disabled = this.active === null;
  }

  /** Shows this workspace in the editor. */
  open() {
    if (this.active === null) {
      this.editor.show(this.editor.stateFor("", ""));
      this.render();
    } else {
      this.editor.show(this.states.get(this.active));
      this.render();
    }
  }
}
