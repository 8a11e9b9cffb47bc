/**
 * onnxruntime-web's GPU-resident outputs, emulated on onnxruntime-node for tests: the outputs named
 * `onDevice` come back as tensors whose `data` cannot be read (reading it throws, as a 'gpu-buffer'
 * tensor's does) and that must be disposed; fed back, they go to the runtime as the real tensor. A
 * disposed tensor fed again throws. `live` counts tensors not disposed (a leak when a take is over).
 */
import type { ModelSession, OpenSession, Tensor } from '../../src/engine/generate/session.ts';

export interface DeviceLedger {
  live: number;
  made: number;
}

const real = new WeakMap<object, { t: Tensor; disposed: boolean }>();

function deviceTensor(t: Tensor, ledger: DeviceLedger): Tensor {
  const d = {
    type: t.type, dims: t.dims, location: 'gpu-buffer',
    get data(): never { throw new Error('a GPU tensor was read on the CPU'); },
    // onnxruntime-web's download: a copy of the data; the tensor stays on the device
    async getData() {
      const r = real.get(d)!;
      if (r.disposed) throw new Error('a disposed GPU tensor was downloaded');
      return r.t.data.slice();
    },
    dispose() {
      const r = real.get(d)!;
      if (r.disposed) throw new Error('a GPU tensor was disposed twice');
      r.disposed = true;
      ledger.live--;
    },
  } as Tensor;
  real.set(d, { t, disposed: false });
  ledger.live++;
  ledger.made++;
  return d;
}

export function onEmulatedDevice(s: ModelSession, onDevice: readonly string[], ledger: DeviceLedger): ModelSession {
  return {
    inputNames: s.inputNames,
    outputNames: s.outputNames,
    async run(feeds, fetches) {
      const f: Record<string, Tensor> = {};
      for (const [n, t] of Object.entries(feeds)) {
        const r = real.get(t);
        if (r?.disposed) throw new Error(`${n} was fed after it was disposed`);
        f[n] = r ? r.t : t;
      }
      const out = await (fetches ? s.run(f, fetches) : s.run(f));
      for (const n of Object.keys(out)) if (onDevice.includes(n)) out[n] = deviceTensor(out[n], ledger);
      return out;
    },
  };
}

/** An opener whose sessions keep the outputs the loader names `onDevice` on the emulated device. */
export function emulatedDeviceOpener(open: OpenSession, ledger: DeviceLedger): OpenSession {
  return async (bytes, name, onDevice) => {
    const s = await open(bytes, name);
    return onDevice?.length ? onEmulatedDevice(s, onDevice, ledger) : s;
  };
}
