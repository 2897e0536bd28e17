// The bench extension page WITHOUT the SDK: the baseline for mount-to-ready. It only tells the
// host that its module script ran.
import { LOADED_MESSAGE } from '../../shared.js';

// Nothing secret, and the host's origin is not known without the SDK's fragment parsing.
window.parent.postMessage({ type: LOADED_MESSAGE }, '*');
