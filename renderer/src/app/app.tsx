import { MantineProvider } from '@mantine/core';
import { useEffect, type ReactElement } from 'react';
import { lupo } from '../api/lupo';
import { engineColorSchemeManager } from '../lib/color-scheme-memory';
import { connectionStore, jobsStore } from '../stores/app-stores';
import { AppLayout } from './app-layout';
import { theme } from './theme';

/** Where the light/dark choice is kept: the user-data folder, through the engine. */
const colorSchemeManager = engineColorSchemeManager(lupo);

/** The root component: theme (following the system colour scheme) and the app layout. */
export function App(): ReactElement {
  useEffect(() => jobsStore.getState().listen(), []);
  useEffect(() => connectionStore.getState().listen(), []);
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={colorSchemeManager}>
      <AppLayout />
    </MantineProvider>
  );
}
