// Vitest: a clean Tauri mock, DOM and storage for every test.
import { afterEach, beforeEach } from "vitest";
import { clearMocks, mockConvertFileSrc } from "@tauri-apps/api/mocks";
import { cleanup } from "@testing-library/svelte";

// jsdom has no layout: size bindings need a ResizeObserver that never fires.
if (!("ResizeObserver" in globalThis)) {
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  (globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserverStub;
}

// Evidence URLs as on Linux (evidence://localhost/<sha256>).
beforeEach(() => mockConvertFileSrc("linux"));

afterEach(() => {
  cleanup();
  clearMocks();
  try {
    localStorage.clear();
  } catch {
    // no storage
  }
});
