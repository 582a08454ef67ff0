import { useStore } from 'zustand';
import { lupo } from '../../api/lupo';
import { createFleetRunStore, type FleetApplyState } from './fleet-run-store';

/**
 * The Fleet screen's apply store bound to the real transport, subscribed to job and fleet
 * events once for the app's lifetime (a fleet run keeps reporting while the operator looks
 * at another screen).
 */
export const fleetRunStore = createFleetRunStore(lupo);
fleetRunStore.getState().listen();

/** Selects from the fleet apply store. */
export const useFleetRun = <T>(selector: (state: FleetApplyState) => T): T => useStore(fleetRunStore, selector);
