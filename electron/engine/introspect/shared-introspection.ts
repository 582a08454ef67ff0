import type { EngineEvent, EngineSink } from '../../../shared/engine-events';
import type { DatabaseRole, SchemaModel } from '../../../shared/schema/model';
import type { Session } from '../connection/session';
import { introspectSession } from './index';

interface InFlight {
  readonly model: Promise<SchemaModel>;
  readonly sinks: Set<EngineSink>;
  /** The last progress event sent, replayed to a caller who joins later. */
  readonly lastProgress: () => EngineEvent | undefined;
}

const inFlight = new WeakMap<Session, Map<string, InFlight>>();

/**
 * {@link introspectSession}, shared: a caller asking for the same databases of the same
 * session while an introspection is under way joins it (its sink gets the last progress
 * event at once, so its progress bar starts where the read is, then the progress from then
 * on) instead of starting a second one. On connect the app asks up to three times at once
 * — the read connect starts, the live model for the explorer and the analysis job — and at
 * 10,000 tables each read is seconds of information_schema work on the server. Nothing is
 * cached once it settles: the live databases change under us, so the next call reads them again.
 */
export function introspectShared(
  session: Session,
  names: Readonly<Record<DatabaseRole, string>>,
  sink?: EngineSink,
): Promise<SchemaModel> {
  const key = JSON.stringify([names.core, names.orchestration, names.ephemeral]);
  let bySession = inFlight.get(session);
  if (!bySession) inFlight.set(session, (bySession = new Map()));
  const running = bySession.get(key);
  if (running) {
    if (sink) {
      const last = running.lastProgress();
      if (last) sink(last);
      running.sinks.add(sink);
    }
    return running.model;
  }
  const sinks = new Set<EngineSink>(sink ? [sink] : []);
  // introspectSession reports its first progress synchronously, before it returns.
  let lastProgress: EngineEvent | undefined;
  const model = introspectSession(session, names, (event) => {
    if (event.type === 'progress') lastProgress = event;
    for (const each of sinks) each(event);
  });
  const entry: InFlight = { model, sinks, lastProgress: () => lastProgress };
  bySession.set(key, entry);
  const forget = (): void => {
    if (bySession.get(key) === entry) bySession.delete(key);
  };
  model.then(forget, forget);
  return model;
}
