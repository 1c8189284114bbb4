import { describe, it, expect, beforeEach } from "vitest";
import { mockIPC } from "@tauri-apps/api/mocks";
import { render, fireEvent, waitFor } from "@testing-library/svelte";
import { setLang, i18n } from "../../lib/i18n/index.svelte";
import { session } from "../../lib/session.svelte";
import { nav, reset } from "../../lib/nav.svelte";
import { closeCase } from "./shell";
import App from "../../App.svelte";

const summary = {
  path: "/cases/张三.dossier", title: "张三 催收案", rules: "cn", timeZone: "Asia/Shanghai",
  createdAt: "2026-03-01 10:00:00", exhibits: 0, events: 0, parties: 0, encrypted: false,
};
const info = (openAtStart: string | null = null) => ({ version: "0.1.0", recent: [{ path: "/cases/old.dossier", title: "Old", openedAt: "2026-03-01" }], openAtStart, defaultFolder: "/home/u/Documents", systemLanguage: "en" });

beforeEach(() => {
  setLang("en");
  session.case = null;
  session.bundle = null;
  reset({ name: "start" });
});

describe("closing a case", () => {
  it("closes through the backend and goes to the start with a fresh recent list", async () => {
    const cmds: string[] = [];
    mockIPC((cmd) => {
      cmds.push(cmd);
      return cmd === "app_info" ? info() : null;
    });
    session.case = summary;
    reset({ name: "evidence" });
    expect(await closeCase()).toBeNull();
    expect(cmds).toEqual(["case_close", "app_info"]);
    expect(session.case).toBeNull();
    expect(nav.current).toEqual({ name: "start" });
  });

  it("stays when the backend is busy", async () => {
    mockIPC(() => {
      throw { code: "busy", message: "x" };
    });
    session.case = summary;
    reset({ name: "evidence" });
    expect((await closeCase())?.code).toBe("busy");
    expect(nav.current).toEqual({ name: "evidence" });
  });
});

describe("the app", () => {
  it("sets the backend language at start, opens openAtStart, and switches language", async () => {
    const sent: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      sent.push([cmd, args]);
      if (cmd === "app_info") return info("/cases/张三.dossier");
      if (cmd === "case_open") return summary;
      if (cmd === "evidence_list") return [];
      return null;
    });
    const { getByTestId } = render(App);
    await waitFor(() => getByTestId("evidence-screen"));
    // The system's language comes from the app before the backend is told.
    expect(sent.slice(0, 3)).toEqual([
      ["app_info", {}],
      ["set_language", { lang: "en" }],
      ["case_open", { path: "/cases/张三.dossier" }],
    ]);
    expect(getByTestId("case-title").textContent).toContain("张三 催收案");
    expect(getByTestId("nav-evidence").getAttribute("aria-current")).toBe("page");
    await fireEvent.change(getByTestId("lang-switch"), { target: { value: "zh-CN" } });
    await waitFor(() => expect(i18n.served).toBe("zh-CN"));
    expect(document.documentElement.lang).toBe("zh-CN");
    expect(getByTestId("nav-evidence").textContent).toBe("证据");
    expect(sent.filter(([c]) => c === "set_language").map(([, a]) => a)).toEqual([{ lang: "en" }, { lang: "zh" }]);
    // The evidence list is read again for the backend's new language.
    expect(sent.filter(([c]) => c === "evidence_list").length).toBe(2);
    await fireEvent.click(getByTestId("nav-verify"));
    expect(nav.current).toEqual({ name: "verify" });
    getByTestId("verify-screen");
  });

  it("shows the start screen with recent cases and opens one", async () => {
    mockIPC((cmd) => {
      if (cmd === "app_info") return info();
      if (cmd === "case_open") throw { code: "not_a_case", message: "/cases/old.dossier is not a Dossier case" };
      return null;
    });
    const { getByTestId, getAllByTestId, container } = render(App);
    await waitFor(() => getByTestId("start-screen"));
    expect(container.textContent).toContain("/home/u/Documents");
    await fireEvent.click(getAllByTestId("recent-case")[0]);
    await waitFor(() => expect(container.textContent).toContain("is not a Dossier case"));
    expect(nav.current).toEqual({ name: "start" });
  });
});
