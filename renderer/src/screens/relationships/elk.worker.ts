// The layout worker: ELK's own worker script, which answers ELK's layout messages on `self`
// (so laying out thousands of boxes never blocks the page).
import 'elkjs/lib/elk-worker.min.js';
