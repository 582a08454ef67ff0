import { MariaSQL, MySQL, sql, type SQLNamespace } from '@codemirror/lang-sql';
import { basicSetup } from 'codemirror';
import { EditorSelection, EditorState, Prec } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import { EditorView, keymap } from '@codemirror/view';
import { useComputedColorScheme } from '@mantine/core';
import { forwardRef, useEffect, useImperativeHandle, useRef, type ReactElement } from 'react';

/** What the console asks of its editor. */
export interface SqlEditorHandle {
  /** The text and the selection (from = to for a bare cursor). */
  current(): { text: string; from: number; to: number };
  /** Puts the cursor at an offset and scrolls there (error marks). */
  mark(offset: number): void;
}

/** Props of the console's SQL editor. */
export interface SqlEditorProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** Ctrl-Enter: the statement at the cursor or the selection. */
  readonly onRun: () => void;
  /** Shift-Ctrl-Enter: the whole script. */
  readonly onRunAll: () => void;
  readonly schema: SQLNamespace;
  readonly flavor: 'mariadb' | 'mysql';
}

/**
 * CodeMirror 6 with the MariaDB/MySQL dialect and autocomplete from the live model (tables
 * and columns of the three role databases; the default database's tables unqualified).
 * Rebuilt when the schema, flavor or theme changes; the text survives.
 */
export const SqlEditor = forwardRef<SqlEditorHandle, SqlEditorProps>(function SqlEditor(
  { value, onChange, onRun, onRunAll, schema, flavor },
  ref,
): ReactElement {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const handlers = useRef({ onChange, onRun, onRunAll });
  handlers.current = { onChange, onRun, onRunAll };
  const dark = useComputedColorScheme('light') === 'dark';

  useImperativeHandle(ref, () => ({
    current: () => {
      const v = view.current;
      if (!v) return { text: '', from: 0, to: 0 };
      const range = v.state.selection.main;
      return { text: v.state.doc.toString(), from: range.from, to: range.to };
    },
    mark: (offset) => {
      const v = view.current;
      if (!v) return;
      const at = Math.min(offset, v.state.doc.length);
      v.dispatch({ selection: EditorSelection.cursor(at), scrollIntoView: true });
      v.focus();
    },
  }));

  useEffect(() => {
    if (!host.current) return;
    const state = EditorState.create({
      doc: view.current?.state.doc.toString() ?? value,
      extensions: [
        Prec.highest(
          keymap.of([
            { key: 'Mod-Enter', run: () => (handlers.current.onRun(), true) },
            { key: 'Shift-Mod-Enter', run: () => (handlers.current.onRunAll(), true) },
          ]),
        ),
        basicSetup,
        sql({ dialect: flavor === 'mariadb' ? MariaSQL : MySQL, schema, upperCaseKeywords: true }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) handlers.current.onChange(update.state.doc.toString());
        }),
        EditorView.theme({
          '&': { height: '100%', fontSize: '13px' },
          '.cm-scroller': { fontFamily: 'var(--mantine-font-family-monospace)' },
        }),
        ...(dark ? [oneDark] : []),
      ],
    });
    const editor = new EditorView({ state, parent: host.current });
    view.current = editor;
    return () => editor.destroy();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the text lives in the editor
  }, [schema, flavor, dark]);

  // A tab switch replaces the text.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value)
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  return <div ref={host} style={{ height: '100%', overflow: 'hidden' }} data-testid="console-editor" />;
});
