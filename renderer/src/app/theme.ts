import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** A slate-blue brand ramp: calm enough for a tool used all day. */
const lupo: MantineColorsTuple = [
  '#eef3ff',
  '#dce4f5',
  '#b6c6e7',
  '#8ea6da',
  '#6c8bce',
  '#567ac8',
  '#4a71c6',
  '#3b5faf',
  '#32549d',
  '#24488b',
];

/**
 * The app theme: system fonts (no external resources under the CSP), compact radius and
 * the brand colour. Light/dark follow the operating system (`defaultColorScheme="auto"`).
 */
export const theme = createTheme({
  primaryColor: 'lupo',
  colors: { lupo },
  defaultRadius: 'sm',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
  fontFamilyMonospace:
    'ui-monospace, "SFMono-Regular", "JetBrains Mono", Menlo, Consolas, "Liberation Mono", monospace',
  headings: { fontWeight: '600' },
  cursorType: 'pointer',
});
