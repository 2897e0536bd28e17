// jsdom has HTMLDialogElement without showModal()/close(): the least of them the bridge needs (an
// `open` attribute). Focus trapping and the top layer are real Chromium's, covered by e2e.
export function polyfillDialog() {
  const proto = HTMLDialogElement.prototype as HTMLDialogElement & { showModal?: () => void };
  if (typeof proto.showModal === 'function') return;
  proto.showModal = function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  proto.close = function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
}
