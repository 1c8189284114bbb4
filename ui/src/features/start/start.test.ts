import { describe, it, expect, beforeEach } from "vitest";
import { mockIPC } from "@tauri-apps/api/mocks";
import { render, fireEvent, waitFor } from "@testing-library/svelte";
import { flushSync } from "svelte";
import { nav, reset } from "../../lib/nav.svelte";
import { session } from "../../lib/session.svelte";
import { setLang } from "../../lib/i18n/index.svelte";
import { zonesFor, validateNewCase, createRequest, createCase, openBundle, openCaseFolder, DEFAULT_ZONE } from "./start";
import StartScreen from "./StartScreen.svelte";

const summary = {
  path: "/cases/x.dossier", title: "x", rules: "cn", timeZone: "Asia/Shanghai",
  createdAt: "2026-03-01 10:00:00", exhibits: 0, events: 0, parties: 0, encrypted: false,
};

beforeEach(() => {
  reset({ name: "start" });
  session.case = null;
  session.bundle = null;
  session.info = null;
  setLang("en");
});

describe("new case form", () => {
  it("offers the jurisdiction's zone first", () => {
    expect(zonesFor("cn")[0]).toBe("Asia/Shanghai");
    expect(zonesFor("us")[0]).toBe("America/New_York");
    expect(new Set(zonesFor("us")).size).toBe(zonesFor("us").length);
    expect(DEFAULT_ZONE.us).toBe("America/New_York");
  });

  it("needs a title and a place", () => {
    expect(validateNewCase({ title: " ", rules: "cn", zone: "Asia/Shanghai", parent: null })).toEqual(["title", "parent"]);
    expect(validateNewCase({ title: "x", rules: "cn", zone: "Asia/Shanghai", parent: "/c" })).toEqual([]);
  });

  it("puts the case in <parent>/<title>.dossier", () => {
    expect(createRequest({ title: " 网贷: A ", rules: "us", zone: "America/Chicago", parent: "/home/u" })).toEqual({
      path: "/home/u/网贷_ A.dossier",
      title: "网贷: A",
      rules: "us",
      timeZone: "America/Chicago",
      passphrase: null,
    });
  });

  it("an encrypted case needs a passphrase of 8 characters, typed the same twice", () => {
    const base = { title: "x", rules: "cn" as const, zone: "Asia/Shanghai", parent: "/c", encrypt: true };
    expect(validateNewCase({ ...base, passphrase: "short", confirm: "short" })).toEqual(["passphraseShort"]);
    expect(validateNewCase({ ...base, passphrase: "借据在我手里", confirm: "借据在我手里" })).toEqual(["passphraseShort"]);
    expect(validateNewCase({ ...base, passphrase: "借据在我手里 2026", confirm: "借据在我手里2026" })).toEqual([
      "passphraseMismatch",
    ]);
    const ok = { ...base, passphrase: "借据在我手里 2026", confirm: "借据在我手里 2026" };
    expect(validateNewCase(ok)).toEqual([]);
    expect(createRequest(ok).passphrase).toBe("借据在我手里 2026");
    // Unticked, a typed passphrase is not sent.
    expect(createRequest({ ...ok, encrypt: false }).passphrase).toBeNull();
  });
});

describe("start actions through the backend", () => {
  it("creates a case and goes to Evidence", async () => {
    const sent: unknown[] = [];
    mockIPC((cmd, args) => {
      sent.push([cmd, args]);
      return summary;
    });
    const err = await createCase({ title: "x", rules: "cn", zone: "Asia/Shanghai", parent: "/cases" });
    expect(err).toBeNull();
    expect(sent).toEqual([["case_create", { req: { path: "/cases/x.dossier", title: "x", rules: "cn", timeZone: "Asia/Shanghai", passphrase: null } }]]);
    expect(session.case?.title).toBe("x");
    expect(nav.current).toEqual({ name: "evidence" });
  });

  it("returns the error when the folder is taken, and stays", async () => {
    mockIPC(() => {
      throw { code: "already_exists", message: "文件夹不是空的" };
    });
    const err = await createCase({ title: "x", rules: "cn", zone: "Asia/Shanghai", parent: "/cases" });
    expect(err).toEqual({ code: "already_exists", message: "文件夹不是空的" });
    expect(nav.current).toEqual({ name: "start" });
  });

  it("opens a received bundle read-only", async () => {
    const cmds: string[] = [];
    mockIPC((cmd, args) => {
      cmds.push(cmd);
      if (cmd === "pick") {
        expect(args).toEqual({ kind: "bundle", title: "Choose a received bundle (.zip)" });
        return ["/in/bundle.zip"];
      }
      return { path: "/in/bundle.zip", intact: true, problems: [], originals: 2, auditEntries: 5, title: "t", generatedAt: null, exhibits: [], findings: [] };
    });
    expect(await openBundle()).toBeNull();
    expect(cmds).toEqual(["pick", "bundle_open"]);
    expect(session.bundle?.intact).toBe(true);
    expect(nav.current).toEqual({ name: "bundle" });
  });

  it("does nothing when the picker is cancelled", async () => {
    const cmds: string[] = [];
    mockIPC((cmd) => {
      cmds.push(cmd);
      return null;
    });
    expect(await openCaseFolder()).toBeNull();
    expect(cmds).toEqual(["pick"]);
    expect(nav.current).toEqual({ name: "start" });
  });

  it("the screen shows the chosen place, checks the form and creates", async () => {
    const sent: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      sent.push([cmd, args]);
      if (cmd === "pick") return ["/tmp/案件 目录"];
      if (cmd === "case_create") throw { code: "disk_full", message: "The disk is full." };
      return null;
    });
    const { getByTestId, container } = render(StartScreen);
    await fireEvent.click(getByTestId("create-case"));
    expect(container.textContent).toContain("Please give the case a name.");
    expect(sent).toEqual([]);
    await fireEvent.input(getByTestId("new-case-title"), { target: { value: "My case" } });
    await fireEvent.change(getByTestId("new-case-rules"), { target: { value: "us" } });
    flushSync();
    expect((getByTestId("new-case-zone") as HTMLSelectElement).value).toBe("America/New_York");
    await fireEvent.click(getByTestId("new-case-where"));
    await waitFor(() => expect(container.textContent).toContain("/tmp/案件 目录"));
    await fireEvent.click(getByTestId("create-case"));
    await waitFor(() => expect(container.querySelector("[role=alert]")).not.toBeNull());
    expect(sent[1]).toEqual(["case_create", { req: { path: "/tmp/案件 目录/My case.dossier", title: "My case", rules: "us", timeZone: "America/New_York", passphrase: null } }]);
    expect(container.querySelector("[role=alert]")?.textContent).toContain("The disk is full.");
  });
});
