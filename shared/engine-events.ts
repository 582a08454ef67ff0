/**
 * What the engine reports while it works, through a sink it is given. The Electron shell,
 * the browser host, the CLI and the tests each adapt this sink; the engine never knows who
 * listens. A closed union: add a member here when a capability needs a new kind of report.
 */
export type EngineEvent =
  | {
      readonly type: 'progress';
      /** 0..1; absent when the total is unknown. */
      readonly value?: number;
      readonly detail?: string;
    }
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string }
  | {
      readonly type: 'statement';
      readonly index: number;
      readonly total: number;
      readonly phase: 'start' | 'done' | 'failed' | 'skipped';
      readonly sql: string;
      readonly elapsedMs?: number;
    };

/** Receives engine events. */
export type EngineSink = (event: EngineEvent) => void;

/** A sink that drops everything (for callers that do not listen). */
export const silentSink: EngineSink = () => {};
