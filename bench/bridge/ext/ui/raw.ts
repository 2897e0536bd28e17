// The bench extension page WITHOUT the SDK: the baseline for mount-to-ready. It only tells the
// host that its module script ran.
import { scriptStart } from './start-mark.js'; // first: the bundle's first module to evaluate
import { LOADED_MESSAGE, answerClockProbes, appWorkMs, busyFor, epochNow, pageTimeline } from '../../shared.js';

const bodyStart = performance.now();
busyFor(appWorkMs()); // the app's own module work, when the bench asks for it

// Nothing secret, and the host's origin is not known without the SDK's fragment parsing.
window.parent.postMessage({ type: LOADED_MESSAGE }, '*');
const loadedSent = epochNow();
answerClockProbes();
// For the bench's breakdown, read afterwards through Playwright (not on the timed path).
(window as unknown as { benchRaw: unknown }).benchRaw = {
  timeline: () => ({ ...pageTimeline(scriptStart, bodyStart), loadedSent }),
};
