import { MantineProvider } from '@mantine/core';
import { useEffect, type ReactElement } from 'react';
import { connectionStore, jobsStore } from '../stores/app-stores';
import { AppLayout } from './app-layout';
import { theme } from './theme';

/** The root component: theme (following the system colour scheme) and the app layout. */
export function App(): ReactElement {
  useEffect(() => jobsStore.getState().listen(), []);
  useEffect(() => connectionStore.getState().listen(), []);
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <AppLayout />
    </MantineProvider>
  );
}
