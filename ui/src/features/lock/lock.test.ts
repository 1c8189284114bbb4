import { describe, it, expect, beforeEach, afterEach, vi } from "vitest";
import { mockIPC } from "@tauri-apps/api/mocks";
import { render, fireEvent, waitFor } from "@testing-library/svelte";
import { nav, reset } from "../../lib/nav.svelte";
import { session } from "../../lib/session.svelte";
import { setLang } from "../../lib/i18n/index.svelte";
import type { AppError } from "../../lib/bindings";
import { openCase } from "../start/start";
import { IdleTimer, lockCase, watchIdle } from "./lock";
import UnlockScreen from "./UnlockScreen.svelte";

const summary = {
  path: "/cases/secret.dossier", title: "王女士", rules: "cn", timeZone: "Asia/Shanghai",
  createdAt: "2026-03-01 10:00:00", exhibits: 3, events: 20, parties: 2, encrypted: true,
};

beforeEach(() => {
  reset({ name: "start" });
  session.case = null;
  setLang("en");
});

afterEach(() => {
  vi.useRealTimers();
});

describe("opening an encrypted case", () => {
  it("asks for the passphrase when the backend says the case is locked", async () => {
    mockIPC((cmd) => {
      if (cmd === "case_open") throw { code: "locked", message: "encrypted" };
      return null;
    });
    expect(await openCase("/cases/secret.dossier")).toBeNull();
    expect(nav.current).toEqual({ name: "unlock", path: "/cases/secret.dossier", locked: false });
  });

  it("a wrong passphrase says so and clears the field; the right one opens Evidence", async () => {
    const sent: unknown[] = [];
    mockIPC((cmd, args) => {
      sent.push([cmd, args]);
      const { passphrase } = args as { passphrase: string };
      if (passphrase === "correct horse 电池") return summary;
      throw { code: "wrong_passphrase", message: "wrong passphrase for /cases/secret.dossier: nothing was opened or changed" };
    });
    const { getByTestId, container } = render(UnlockScreen, { path: "/cases/secret.dossier", locked: true });
    expect(container.textContent).toContain("The case is locked");
    expect(getByTestId("unlock-path").textContent).toBe("/cases/secret.dossier");
    const field = getByTestId("unlock-passphrase") as HTMLInputElement;
    expect(field.type).toBe("password");
    await fireEvent.input(field, { target: { value: "wrong horse" } });
    await fireEvent.click(getByTestId("unlock-run"));
    await waitFor(() => expect(container.querySelector("[role=alert]")?.textContent).toContain("nothing was opened"));
    expect(field.value).toBe("");
    expect(session.case).toBeNull();
    await fireEvent.input(field, { target: { value: "correct horse 电池" } });
    await fireEvent.click(getByTestId("unlock-run"));
    await waitFor(() => expect(nav.current).toEqual({ name: "evidence" }));
    expect(session.case?.encrypted).toBe(true);
    expect(sent).toEqual([
      ["case_unlock", { path: "/cases/secret.dossier", passphrase: "wrong horse" }],
      ["case_unlock", { path: "/cases/secret.dossier", passphrase: "correct horse 电池" }],
    ]);
  });
});

describe("locking", () => {
  it("closes the case in the backend and shows the locked prompt for it", async () => {
    const sent: string[] = [];
    mockIPC((cmd) => {
      sent.push(cmd);
      return null;
    });
    session.case = summary;
    reset({ name: "timeline" });
    expect(await lockCase()).toBeNull();
    expect(sent).toEqual(["case_close"]);
    expect(session.case).toBeNull();
    expect(nav.current).toEqual({ name: "unlock", path: "/cases/secret.dossier", locked: true });
  });

  it("stays open when an operation is running, and says why", async () => {
    mockIPC(() => {
      throw { code: "busy", message: "Another operation is running" };
    });
    session.case = summary;
    reset({ name: "evidence" });
    const err = await lockCase();
    expect(err?.code).toBe("busy");
    expect(session.case?.path).toBe(summary.path);
    expect(nav.current).toEqual({ name: "evidence" });
  });

  it("the idle timer fires once after the quiet spell, and input starts it over", () => {
    vi.useFakeTimers();
    let fired = 0;
    const timer = new IdleTimer(1000, () => fired++);
    timer.poke();
    vi.advanceTimersByTime(900);
    timer.poke();
    vi.advanceTimersByTime(900);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(100);
    expect(fired).toBe(1);
    vi.advanceTimersByTime(5000);
    expect(fired).toBe(1);
    timer.poke();
    timer.stop();
    vi.advanceTimersByTime(5000);
    expect(fired).toBe(1);
  });

  it("watches input on the window: keys and pointer keep it open, quiet locks it, a busy lock retries", async () => {
    vi.useFakeTimers();
    const target = new EventTarget();
    const results: (AppError | null)[] = [{ code: "busy", message: "x" }, null];
    let tries = 0;
    const stop = watchIdle(target, 60_000, async () => {
      tries++;
      return results.shift() ?? null;
    });
    vi.advanceTimersByTime(59_000);
    target.dispatchEvent(new Event("keydown"));
    vi.advanceTimersByTime(59_000);
    target.dispatchEvent(new Event("pointermove"));
    vi.advanceTimersByTime(59_000);
    expect(tries).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(tries).toBe(1);
    // Busy: it tries again after another quiet minute.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(tries).toBe(2);
    stop();
    target.dispatchEvent(new Event("keydown"));
    await vi.advanceTimersByTimeAsync(600_000);
    expect(tries).toBe(2);
  });
});

describe("the app with an encrypted case", () => {
  it("shows a Lock button only for an encrypted case; it locks, and the recent list hides the title", async () => {
    const { default: App } = await import("../../App.svelte");
    const sent: string[] = [];
    mockIPC((cmd) => {
      sent.push(cmd);
      if (cmd === "app_info") {
        return {
          version: "0.1.0",
          recent: [{ path: "/cases/secret.dossier", title: "", openedAt: "2026-03-01", encrypted: true }],
          openAtStart: null,
          defaultFolder: "/home/u",
          systemLanguage: "en",
        };
      }
      if (cmd === "case_open") throw { code: "locked", message: "encrypted" };
      if (cmd === "case_unlock") return summary;
      if (cmd === "evidence_list") return [];
      return null;
    });
    const { getByTestId, queryByTestId, container } = render(App);
    await waitFor(() => getByTestId("start-screen"));
    expect(getByTestId("recent-case").textContent).toContain("Encrypted case");
    await fireEvent.click(getByTestId("recent-case"));
    await waitFor(() => getByTestId("unlock-screen"));
    await fireEvent.input(getByTestId("unlock-passphrase"), { target: { value: "correct horse 电池" } });
    await fireEvent.click(getByTestId("unlock-run"));
    await waitFor(() => getByTestId("evidence-screen"));
    await fireEvent.click(getByTestId("lock-case"));
    await waitFor(() => getByTestId("unlock-screen"));
    expect(container.textContent).toContain("The case is locked");
    expect(sent.filter((c) => c === "case_close")).toHaveLength(1);
    session.case = { ...summary, encrypted: false };
    reset({ name: "evidence" });
    await waitFor(() => getByTestId("evidence-screen"));
    expect(queryByTestId("lock-case")).toBeNull();
  });

  it("the export screen of an encrypted case seals by default and asks for the passphrase twice", async () => {
    const { default: ExportScreen } = await import("../export/ExportScreen.svelte");
    session.case = summary;
    mockIPC((cmd) => (cmd === "pick" ? ["/out"] : null));
    const { getByTestId, container } = render(ExportScreen);
    expect((getByTestId("export-seal") as HTMLInputElement).checked).toBe(true);
    expect(container.textContent).toContain("This case is encrypted");
    await fireEvent.click(getByTestId("export-where"));
    await waitFor(() => expect(container.textContent).toContain("/out"));
    await fireEvent.click(getByTestId("export-run"));
    expect(container.textContent).toContain("at least 8 characters");
    await fireEvent.click(getByTestId("export-plain"));
    expect(getByTestId("export-plain")).toBeTruthy();
    expect(container.querySelector("[data-testid=export-passphrase]")).toBeNull();
  });
});
