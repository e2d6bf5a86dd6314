// Code that runs inside the browser pages. It is kept as plain JavaScript text on purpose: tsx
// compiles our TypeScript with esbuild's keepNames, which wraps inner functions in a `__name(...)`
// helper that exists in Node but not in the page, so a function handed to page.evaluate() would
// fail there with "__name is not defined".

/**
 * Runs before any script of every page: turns Confab's audio processing off (echo cancellation,
 * noise suppression and gain control lower a steady tone by ~19 dB, which would blur the level
 * assertions) and remembers every RTCPeerConnection the page makes, so a test can read getStats()
 * without any hook in the application.
 */
export const recorderInitScript = `(() => {
  try {
    localStorage.setItem('confab.audioProcessing', 'off');
  } catch (e) {
    // about:blank and other opaque origins have no storage.
  }
  const Native = window.RTCPeerConnection;
  if (typeof Native !== 'function' || Object.hasOwn(window, '__confabPeers')) return;
  const peers = [];
  Object.defineProperty(window, '__confabPeers', { value: peers });
  class RecordedPeerConnection extends Native {
    constructor(...args) {
      super(...args);
      peers.push(this);
    }
  }
  window.RTCPeerConnection = RecordedPeerConnection;
})();`;

/**
 * An expression that reads the inbound audio of the page's newest peer connection that has any,
 * twice, `windowMs` apart: { first, second } with energy, samples duration and packets.
 */
export function inboundAudioSnapshots(windowMs: number): string {
  return `(async (windowMs) => {
    const peers = window.__confabPeers || [];
    const read = async () => {
      for (let i = peers.length - 1; i >= 0; i--) {
        const pc = peers[i];
        if (pc.connectionState === 'closed') continue;
        const report = await pc.getStats();
        let found = null;
        report.forEach((s) => {
          if (s.type !== 'inbound-rtp' || s.kind !== 'audio') return;
          const packets = s.packetsReceived || 0;
          if (found !== null && packets <= found.packets) return;
          found = {
            peer: i, statId: s.id, packets,
            energy: s.totalAudioEnergy || 0, duration: s.totalSamplesDuration || 0,
          };
        });
        if (found !== null) return { ...found, state: pc.connectionState, peers: peers.length };
      }
      return { peer: -1, statId: '', packets: 0, energy: 0, duration: 0, state: 'none',
        peers: peers.length };
    };
    const first = await read();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const second = await read();
    return { first, second };
  })(${JSON.stringify(windowMs)})`;
}

/**
 * An expression that opens the fake microphone without processing and measures its RMS level
 * over half a second with an AnalyserNode: { live, label, rms }.
 */
export const microphoneProbe = `(async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: {
    echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
  const track = stream.getAudioTracks()[0];
  const audio = new AudioContext();
  await audio.resume();
  const analyser = audio.createAnalyser();
  analyser.fftSize = 2048;
  audio.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    analyser.getFloatTimeDomainData(samples);
    for (const v of samples) { sum += v * v; count++; }
  }
  const result = { live: track ? track.readyState === 'live' : false,
    label: track ? track.label : '', rms: Math.sqrt(sum / Math.max(count, 1)) };
  stream.getTracks().forEach((t) => t.stop());
  await audio.close();
  return result;
})()`;

/**
 * An expression that sends the fake microphone from one peer connection to a second one in the
 * same page over the test network, and plays what arrives in an <audio> element (Chromium counts
 * received audio energy only for played audio). Resolves once both are connected.
 */
export const loopbackCall = `(async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: {
    echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
  const sender = new RTCPeerConnection();
  const receiver = new RTCPeerConnection();
  sender.onicecandidate = (e) => { if (e.candidate) receiver.addIceCandidate(e.candidate); };
  receiver.onicecandidate = (e) => { if (e.candidate) sender.addIceCandidate(e.candidate); };
  const player = document.createElement('audio');
  player.autoplay = true;
  document.body.append(player);
  receiver.ontrack = (e) => { player.srcObject = e.streams[0] || new MediaStream([e.track]); };
  for (const track of stream.getAudioTracks()) sender.addTrack(track, stream);
  await sender.setLocalDescription();
  await receiver.setRemoteDescription(sender.localDescription);
  await receiver.setLocalDescription();
  await sender.setRemoteDescription(receiver.localDescription);
  await new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      if (receiver.connectionState === 'connected') resolve();
      else if (Date.now() - started > 10000) reject(new Error('loopback: ' + receiver.connectionState));
      else setTimeout(check, 100);
    };
    check();
  });
  return window.__confabPeers.length;
})()`;
