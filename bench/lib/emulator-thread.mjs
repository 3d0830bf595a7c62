// The emulator in a worker thread of its own: WeChat's servers do not share the publisher's event
// loop, so the time the emulator spends answering must not be counted as the client's.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

if (!isMainThread) {
  const { startEmulator } = await import('@astro-weixin/emulator');
  const emulator = await startEmulator({ port: 0, apps: [workerData.app] });
  for (const fault of workerData.faults) emulator.faults.add(fault);
  parentPort.on('message', async (message) => {
    if (message === 'requests') parentPort.postMessage(emulator.requests.map((request) => request.call));
    if (message === 'close') {
      await emulator.close();
      parentPort.close();
    }
  });
  parentPort.postMessage(emulator.url);
}

/** Starts an emulator for `app` with `faults` in its own thread; resolves once it listens. */
export async function startEmulatorThread(app, faults) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { app, faults } });
  const next = () =>
    new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  const url = await next();
  return {
    url,
    async calls() {
      worker.postMessage('requests');
      return next();
    },
    async close() {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}
