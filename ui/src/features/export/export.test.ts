import { describe, it, expect, beforeEach } from "vitest";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { Channel } from "@tauri-apps/api/core";
import { render, fireEvent, waitFor } from "@testing-library/svelte";
import type { ProgressEvent } from "../../lib/bindings";
import { setLang } from "../../lib/i18n/index.svelte";
import { defaultExportForm, checkExport, exportRequest, chooseFolder, run, reveal } from "./export";
import ExportScreen from "./ExportScreen.svelte";

const result = { pdf: "/out/dossier-zh.pdf", bundle: "/out/dossier-zh-bundle.zip", pages: 12, manifestSha256: "ab".repeat(32), exhibits: 4 };

beforeEach(() => setLang("en"));

describe("export logic", () => {
  it("defaults to Chinese, redacted, with a bundle", () => {
    expect(defaultExportForm()).toEqual({
      lang: "zh", redact: true, bundle: true, preparer: "", folder: null, protection: "plain", passphrase: "", confirm: "",
    });
    // An encrypted case's files are sealed unless the user says otherwise.
    expect(defaultExportForm(true).protection).toBe("seal");
  });

  it("needs a folder and trims the preparer", () => {
    expect(checkExport(defaultExportForm())).toEqual(["folder"]);
    const f = { ...defaultExportForm(), folder: "/out", preparer: "  张律师 " };
    expect(checkExport(f)).toEqual([]);
    expect(exportRequest(f)).toEqual({
      folder: "/out", lang: "zh", redact: true, bundle: true, preparer: "张律师", seal: null, plaintext: true,
    });
  });

  it("a sealed export needs a passphrase of 8 characters typed twice, and sends only it", () => {
    const f = { ...defaultExportForm(true), folder: "/out" };
    expect(checkExport(f)).toEqual(["passphraseShort"]);
    expect(checkExport({ ...f, passphrase: "电话里告诉你的口令", confirm: "电话里告诉你" })).toEqual(["passphraseMismatch"]);
    const ok = { ...f, passphrase: "电话里告诉你的口令", confirm: "电话里告诉你的口令" };
    expect(checkExport(ok)).toEqual([]);
    expect(exportRequest(ok)).toMatchObject({ seal: "电话里告诉你的口令", plaintext: false });
  });
});

describe("export through the backend", () => {
  it("picks a folder, runs with progress and reveals", async () => {
    const sent: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      sent.push([cmd, cmd === "export_run" ? (args as { req: unknown }).req : args]);
      if (cmd === "pick") return ["/out"];
      if (cmd === "export_run") {
        (args as { onProgress: Channel<ProgressEvent> }).onProgress.onmessage({ kind: "begin", files: 0, bytes: 0 });
        return result;
      }
      return null;
    });
    expect(await chooseFolder()).toBe("/out");
    const kinds: string[] = [];
    expect(await run({ ...defaultExportForm(), folder: "/out", lang: "en" }, (e) => kinds.push(e.kind))).toEqual(result);
    await reveal(result.pdf);
    expect(sent).toEqual([
      ["pick", { kind: "export_folder", title: "Choose where the exported files go" }],
      ["export_run", { folder: "/out", lang: "en", redact: true, bundle: true, preparer: "", seal: null, plaintext: true }],
      ["reveal", { path: "/out/dossier-zh.pdf" }],
    ]);
    expect(kinds).toEqual(["begin"]);
  });

  it("the screen asks for a folder first, then shows the result and opens the folder", async () => {
    const sent: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      sent.push([cmd, args]);
      if (cmd === "pick") return ["/home/用户/导出"];
      if (cmd === "export_run") return result;
      return null;
    });
    const { getByTestId, container } = render(ExportScreen);
    expect((getByTestId("export-redact") as HTMLInputElement).checked).toBe(true);
    expect((getByTestId("export-bundle") as HTMLInputElement).checked).toBe(true);
    expect((getByTestId("export-lang") as HTMLSelectElement).value).toBe("zh");
    await fireEvent.click(getByTestId("export-run"));
    expect(container.textContent).toContain("Choose the folder to save into.");
    expect(sent).toEqual([]);
    await fireEvent.click(getByTestId("export-redact"));
    await fireEvent.click(getByTestId("export-where"));
    await waitFor(() => expect(container.textContent).toContain("/home/用户/导出"));
    await fireEvent.click(getByTestId("export-run"));
    await waitFor(() => getByTestId("export-result"));
    expect((sent[1][1] as { req: { redact: boolean; folder: string } }).req).toMatchObject({ redact: false, folder: "/home/用户/导出" });
    expect(getByTestId("export-result").textContent).toContain(result.manifestSha256);
    await fireEvent.click(getByTestId("export-reveal"));
    await waitFor(() => expect(sent[sent.length - 1]).toEqual(["reveal", { path: "/out/dossier-zh.pdf" }]));
  });

  it("a cancelled export says nothing was changed", async () => {
    mockIPC((cmd) => {
      if (cmd === "pick") return ["/out"];
      if (cmd === "export_run") throw { code: "cancelled", message: "x" };
      return null;
    });
    const { getByTestId, container } = render(ExportScreen);
    await fireEvent.click(getByTestId("export-where"));
    await waitFor(() => expect(container.textContent).toContain("/out"));
    await fireEvent.click(getByTestId("export-run"));
    await waitFor(() => expect(container.textContent).toContain("Stopped. Nothing in the case was changed."));
  });
});
