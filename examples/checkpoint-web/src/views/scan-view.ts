/**
 * The checkpoint's main view: scan with the camera, pick a picture, or paste one (or the code
 * text). Whatever is scanned is verified here, offline, and never sent anywhere.
 */
import type { VerifyResult } from 'healthcode';
import { state } from '../app.js';
import { checkCode } from '../check.js';
import { bi, h } from '../dom.js';
import { qrDecoder } from '../scanner/decoder.js';
import { startCameraScan, type CameraScan } from '../scanner/camera.js';
import { show, type View } from '../view.js';
import { resultView } from './result-view.js';
import { trustInfo } from './trust-info.js';

/** Pictures larger than this (pixels) are refused before decoding: a 48 MP photo is the most a phone takes. */
const MAX_PICTURE_PIXELS = 50_000_000;

function cameraProblem(error: unknown): HTMLElement {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError') return bi('未获得摄像头权限', 'Camera permission was refused');
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return bi('没有可用的摄像头', 'No camera found');
  return bi('无法打开摄像头', `Cannot open the camera: ${error instanceof Error ? error.message : String(error)}`);
}

export function scanView(options: { startCamera?: boolean } = {}): View {
  const status = h('p', { class: 'status', 'data-testid': 'status', role: 'status' });
  const video = h('video', { class: 'camera', hidden: true, 'data-testid': 'camera', muted: true, playsinline: true });
  const cameraButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'camera-button' }, bi('扫码', 'Scan with camera'));
  const fileInput = h('input', { type: 'file', accept: 'image/*', class: 'visually-hidden', id: 'picture', 'data-testid': 'file-input' });
  const pickLabel = h('label', { for: 'picture', class: 'button' }, bi('选择图片', 'Pick a picture'));
  let camera: CameraScan | undefined;
  let disposed = false;

  const say = (message: HTMLElement | string, kind: 'info' | 'error' = 'info'): void => {
    status.className = `status ${kind}`;
    status.replaceChildren(message);
  };

  const verifyText = async (text: string, fromCamera: boolean): Promise<void> => {
    const trust = state.trust;
    if (!trust) {
      say(bi('请先联网设置信任列表', 'Set up the trust list first, while online'), 'error');
      return;
    }
    let result: VerifyResult;
    try {
      result = await checkCode(text, trust, state.statusList);
    } catch (error) {
      // verify never rejects for a bad code; this is the device (storage) failing.
      say(bi('核验出错', `The check failed on this device: ${error instanceof Error ? error.message : String(error)}`), 'error');
      return;
    }
    if (disposed) return;
    state.cameraWasOn = fromCamera;
    show(resultView(result, trust, () => show(scanView({ startCamera: state.cameraWasOn }))));
  };

  const scanPicture = async (blob: Blob): Promise<void> => {
    say(bi('正在识别…', 'Reading the picture…'));
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(blob);
    } catch {
      say(bi('无法读取该图片', 'This picture cannot be read (not an image?)'), 'error');
      return;
    }
    if (bitmap.width * bitmap.height > MAX_PICTURE_PIXELS) {
      bitmap.close();
      say(bi('图片过大', 'The picture is too large: crop it around the code'), 'error');
      return;
    }
    let text: string | undefined;
    try {
      text = await (await qrDecoder()).decode(bitmap);
    } catch (error) {
      say(bi('识别失败', `Scanning failed: ${error instanceof Error ? error.message : String(error)}`), 'error');
      return;
    }
    if (disposed) return;
    if (text === undefined) say(bi('图片中未找到二维码', 'No QR code found in the picture'), 'error');
    else await verifyText(text, false);
  };

  // Each start gets a new number; stopping bumps it, so a start still waiting for the camera
  // (permission prompt, device start-up) knows it was cancelled and releases the camera.
  let attempt = 0;
  let cameraOn = false;
  const stopCamera = (): void => {
    attempt++;
    cameraOn = false;
    camera?.stop();
    camera = undefined;
    video.hidden = true;
    cameraButton.replaceChildren(bi('扫码', 'Scan with camera'));
  };

  const startCamera = async (): Promise<void> => {
    const mine = ++attempt;
    cameraOn = true;
    cameraButton.replaceChildren(bi('停止', 'Stop camera'));
    say(bi('正在打开摄像头…', 'Opening the camera…'));
    try {
      const scan = await startCameraScan(video);
      if (mine !== attempt || disposed) return scan.stop();
      camera = scan;
      video.hidden = false;
      say(bi('请将二维码对准摄像头', 'Hold the code in front of the camera'));
      const text = await scan.found;
      if (mine === attempt && !disposed) await verifyText(text, true);
    } catch (error) {
      if (mine !== attempt || disposed) return;
      stopCamera();
      say(cameraProblem(error), 'error');
    }
  };

  cameraButton.addEventListener('click', () => {
    if (cameraOn) {
      stopCamera();
      say('');
    } else void startCamera();
  });
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) void scanPicture(file);
  });
  const onPaste = (event: ClipboardEvent): void => {
    const image = Array.from(event.clipboardData?.files ?? []).find((f) => f.type.startsWith('image/'));
    const text = event.clipboardData?.getData('text/plain').trim() ?? '';
    if (image) void scanPicture(image);
    else if (text) void verifyText(text, false);
    else return;
    event.preventDefault();
  };
  document.addEventListener('paste', onPaste);

  const element = h(
    'section',
    { class: 'scan', 'data-testid': 'scan-view' },
    h('header', {}, h('h1', {}, bi('健康码核验', 'Health code checkpoint')), h('a', { href: '#/setup', class: 'setup-link', 'data-testid': 'setup-link' }, bi('设置', 'Setup'))),
    trustInfo(state.trust),
    state.trustProblem ? h('p', { class: 'status error' }, state.trustProblem) : null,
    state.statusListProblem ? h('p', { class: 'status error', 'data-testid': 'status-list-problem' }, state.statusListProblem) : null,
    video,
    h('div', { class: 'actions' }, cameraButton, pickLabel, fileInput),
    h('p', { class: 'hint' }, bi('也可粘贴图片或码文', 'or paste a picture or the code text')),
    status,
    h('p', { class: 'privacy' }, bi('离线核验：扫描内容不会离开本设备', 'Checked offline: what is scanned never leaves this device')),
  );
  if (options.startCamera) void startCamera();
  return {
    element,
    dispose() {
      disposed = true;
      stopCamera();
      document.removeEventListener('paste', onPaste);
    },
  };
}
