// jsdom lacks a few browser APIs that @grafana/ui touches on import or render.
import '@testing-library/jest-dom/vitest';
import { TextDecoder, TextEncoder } from 'node:util';
import { afterEach, vi } from 'vitest';
import { cleanup } from '@testing-library/react';

Object.assign(globalThis, { TextDecoder, TextEncoder });

Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: vi.fn().mockImplementation((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: vi.fn(),
    removeListener: vi.fn(),
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
    dispatchEvent: vi.fn(),
  })),
});

// uPlot (behind Sparkline) draws on a 2D canvas: give it a context whose every method is a no-op.
function fakeContext2d(): unknown {
  const state: Record<string | symbol, unknown> = {};
  return new Proxy(state, {
    get: (target, property) => (property in target ? target[property] : () => ({ width: 0 })),
    set: (target, property, value) => {
      target[property] = value;
      return true;
    },
  });
}
HTMLCanvasElement.prototype.getContext = (() => fakeContext2d()) as unknown as HTMLCanvasElement['getContext'];
Object.assign(globalThis, {
  Path2D: class {
    constructor() {
      return fakeContext2d() as object;
    }
  },
});

class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
Object.assign(globalThis, { ResizeObserver: globalThis.ResizeObserver ?? NoopResizeObserver });

afterEach(() => cleanup());
