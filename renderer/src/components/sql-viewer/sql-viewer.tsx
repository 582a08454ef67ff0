import { MySQL, sql } from '@codemirror/lang-sql';
import { minimalSetup } from 'codemirror';
import { EditorState, type Extension } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import { EditorView, highlightActiveLineGutter, lineNumbers } from '@codemirror/view';
import { useComputedColorScheme } from '@mantine/core';
import { useEffect, useRef, type ReactElement } from 'react';

/** Props of the SQL viewer. */
export interface SqlViewerProps {
  readonly sql: string;
  /** CSS height of the editor (it scrolls inside). */
  readonly height?: number | string;
  readonly testId?: string;
}

/** The extensions of a read-only MySQL-dialect view, light or dark. */
export function sqlViewerExtensions(dark: boolean): Extension[] {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    sql({ dialect: MySQL }),
    minimalSetup,
    EditorState.readOnly.of(true),
    EditorView.editable.of(false),
    EditorView.lineWrapping,
    EditorView.theme({
      '&': { fontSize: '12px' },
      '.cm-scroller': { fontFamily: 'var(--mantine-font-family-monospace)' },
    }),
    ...(dark ? [oneDark] : []),
  ];
}

/**
 * Read-only SQL with highlighting (CodeMirror 6), for the statements the operator reviews
 * before they run. The document is replaced when `sql` changes; nothing can be edited.
 */
export function SqlViewer({ sql: text, height = 320, testId }: SqlViewerProps): ReactElement {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const dark = useComputedColorScheme('light') === 'dark';

  useEffect(() => {
    if (!host.current) return;
    const created = new EditorView({
      state: EditorState.create({ doc: text, extensions: sqlViewerExtensions(dark) }),
      parent: host.current,
    });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
    // The document is synced below; the view is rebuilt only when the theme changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dark]);

  useEffect(() => {
    const current = view.current;
    if (current && current.state.doc.toString() !== text) {
      current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: text } });
    }
  }, [text]);

  return (
    <div
      ref={host}
      data-testid={testId}
      style={{
        height,
        overflow: 'auto',
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-sm)',
      }}
    />
  );
}
