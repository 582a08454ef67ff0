import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ReactElement } from 'react';
import { ConnectScreen } from '../screens/connect/connect-screen';
import { DoctrineScreen } from '../screens/doctrine/doctrine-screen';
import { ConsoleScreen } from '../screens/console/console-screen';
import { DataScreen } from '../screens/data/data-screen';
import { DriftScreen } from '../screens/drift/drift-screen';
import { ExplorerScreen } from '../screens/explorer/explorer-screen';
import { HistoryScreen } from '../screens/history/history-screen';
import { MigrationScreen } from '../screens/migration/migration-screen';
import { OverviewScreen } from '../screens/overview/overview-screen';
import { RollbackScreen } from '../screens/rollback/rollback-screen';
import { FleetScreen } from '../screens/fleet/fleet-screen';
import { useNavigation } from '../stores/app-stores';

// The map pulls in React Flow and ELK (~2 MB): loaded on first visit only.
const RelationshipsScreen = lazy(() =>
  import('../screens/relationships/relationships-screen').then((module) => ({ default: module.RelationshipsScreen })),
);

/** Shows the current screen. */
export function ScreenView(): ReactElement {
  const screen = useNavigation((s) => s.screen);
  switch (screen) {
    case 'connect':
      return <ConnectScreen />;
    case 'overview':
      return <OverviewScreen />;
    case 'explorer':
      return <ExplorerScreen />;
    case 'relationships':
      return (
        <Suspense
          fallback={
            <Center h="100%">
              <Loader size="sm" />
            </Center>
          }
        >
          <RelationshipsScreen />
        </Suspense>
      );
    case 'drift':
      return <DriftScreen />;
    case 'migration':
      return <MigrationScreen />;
    case 'history':
      return <HistoryScreen />;
    case 'rollback':
      return <RollbackScreen />;
    case 'doctrine':
      return <DoctrineScreen />;
    case 'console':
      return <ConsoleScreen />;
    case 'data':
      return <DataScreen />;
    case 'fleet':
      return <FleetScreen />;
  }
}
