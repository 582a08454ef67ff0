// The map's derivation worker: relationships and clusters of a whole schema, off the page's thread.
import { deriveMapInputs, type MapInputsRequest } from './map-inputs';

// The request comes as JSON text (see mapInputs), from the page's own model.
self.onmessage = (event: MessageEvent<{ id: number; request: string }>) => {
  const { id, request } = event.data;
  try {
    self.postMessage({ id, inputs: deriveMapInputs(JSON.parse(request) as MapInputsRequest) });
  } catch (error) {
    self.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
