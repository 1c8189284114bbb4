import { describe, it, expect, beforeEach } from "vitest";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { Channel } from "@tauri-apps/api/core";
import { render, fireEvent, waitFor } from "@testing-library/svelte";
import type { ProgressEvent, VerifyResult } from "../../lib/bindings";
import { setLang } from "../../lib/i18n/index.svelte";
import { nav, reset } from "../../lib/nav.svelte";
import { outcomeOf, run } from "./verify";
import VerifyScreen from "./VerifyScreen.svelte";

const ok: VerifyResult = { intact: true, stopped: false, exhibits: 5, bytes: 4096, auditEntries: 17, rows: 120, headSeq: 17, headHash: "ab".repeat(32), problems: [] };
const bad: VerifyResult = {
  ...ok, intact: false,
  problems: [{ code: "altered", exhibit: 3, message: "exhibit 3 no longer matches its SHA-256" }, { code: "chain", exhibit: null, message: "audit entry 9 is broken" }],
};

beforeEach(() => {
  setLang("en");
  reset({ name: "verify" });
});

describe("verify logic", () => {
  it("reads the result as one outcome", () => {
    expect(outcomeOf(ok)).toBe("intact");
    expect(outcomeOf(bad)).toBe("problems");
    expect(outcomeOf({ ...ok, stopped: true })).toBe("stopped");
    expect(outcomeOf({ ...ok, problems: bad.problems })).toBe("problems");
  });
});

describe("verify through the backend", () => {
  it("sends verify_case with a progress channel", async () => {
    mockIPC((cmd, args) => {
      expect(cmd).toBe("verify_case");
      (args as { onProgress: Channel<ProgressEvent> }).onProgress.onmessage({ kind: "advance", done: 10 });
      return ok;
    });
    const seen: ProgressEvent[] = [];
    expect(await run((e) => seen.push(e))).toEqual(ok);
    expect(seen).toEqual([{ kind: "advance", done: 10 }]);
  });

  it("says plainly when all is intact", async () => {
    mockIPC(() => ok);
    const { getByTestId } = render(VerifyScreen);
    await fireEvent.click(getByTestId("verify-run"));
    await waitFor(() => getByTestId("verify-result"));
    expect(getByTestId("verify-result").getAttribute("data-intact")).toBe("true");
    expect(getByTestId("verify-result").textContent).toContain("All 5 originals match their SHA-256; the audit chain of 17 entries is intact.");
    expect(getByTestId("verify-result").textContent).toContain("All 120 records in the case database match");
    // What the folder cannot prove by itself, and the head to keep.
    expect(getByTestId("verify-head").textContent).toContain("Proven intact up to audit entry #17");
    expect(getByTestId("verify-head").textContent).toContain("ab".repeat(32));
    expect(getByTestId("verify-result").textContent).toContain("can prove that no later entries were cut off");
  });

  it("lists each problem with a link to its exhibit", async () => {
    mockIPC(() => bad);
    const { getByTestId, getByText } = render(VerifyScreen);
    await fireEvent.click(getByTestId("verify-run"));
    await waitFor(() => getByTestId("verify-result"));
    expect(getByTestId("verify-result").getAttribute("data-intact")).toBe("false");
    expect(getByTestId("verify-result").textContent).toContain("audit entry 9 is broken");
    await fireEvent.click(getByText("#3"));
    expect(nav.current).toEqual({ name: "exhibit", exhibit: 3, event: null });
  });

  it("says a stopped check changed nothing", async () => {
    mockIPC(() => ({ ...ok, stopped: true, intact: false }));
    const { getByTestId } = render(VerifyScreen);
    await fireEvent.click(getByTestId("verify-run"));
    await waitFor(() => getByTestId("verify-result"));
    expect(getByTestId("verify-result").getAttribute("data-intact")).toBe("false");
    expect(getByTestId("verify-result").textContent).toContain("nothing was changed");
  });
});
