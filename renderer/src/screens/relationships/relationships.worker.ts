// The map's derivation worker: relationships and clusters of a whole schema, off the page's thread.
import { deriveMapInputs, type MapInputsRequest } from './map-inputs';

self.onmessage = (event: MessageEvent<{ id: number; request: MapInputsRequest }>) => {
  const { id, request } = event.data;
  try {
    self.postMessage({ id, inputs: deriveMapInputs(request) });
  } catch (error) {
    self.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
