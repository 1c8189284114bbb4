import { describe, it, expect } from "vitest";
import { mockIPC, mockConvertFileSrc } from "@tauri-apps/api/mocks";
import type { Channel } from "@tauri-apps/api/core";
import type { ProgressEvent } from "./bindings";
import * as api from "./api";

type Call = { cmd: string; args: Record<string, unknown> | undefined };

function record(answer: (cmd: string, args?: Record<string, unknown>) => unknown = () => null): Call[] {
  const calls: Call[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> | undefined });
    return answer(cmd, args as Record<string, unknown>);
  });
  return calls;
}

describe("api wrappers", () => {
  it("send each command with its argument names", async () => {
    const calls = record();
    await api.appInfo();
    await api.setLanguage("zh");
    await api.pick("new_case_parent");
    await api.caseCreate({ path: "/c/x.dossier", title: "x", rules: "cn", timeZone: "Asia/Shanghai", passphrase: null });
    await api.caseOpen("/c/x.dossier");
    await api.caseUnlock("/c/y.dossier", "correct horse");
    await api.caseClose();
    await api.caseSummary();
    await api.evidenceList();
    await api.addNote({ text: "t", channel: "visit", party: null, at: null, contributor: null, reached: null });
    await api.importPreview({ path: "/p", format: null, mapping: null, owner: null, contributor: null });
    await api.exhibit(3, 9);
    await api.exhibit(4);
    await api.annotate({ exhibit: 3, kind: "tag", text: "x" });
    await api.removeTag(3, "x");
    await api.parties();
    await api.partySet({ keys: ["k"], role: "collector", name: null, group: null, basis: null, basisSource: null });
    await api.findings();
    await api.reveal("/out/dossier-zh.pdf");
    await api.bundleOpen("/b.zip");
    await api.bundleClose();
    await api.cancel();
    expect(calls.map((c) => c.cmd)).toEqual([
      "app_info", "set_language", "pick", "case_create", "case_open", "case_unlock", "case_close", "case_summary",
      "evidence_list", "add_note", "import_preview", "exhibit", "exhibit", "annotate", "remove_tag",
      "parties", "party_set", "findings", "reveal", "bundle_open", "bundle_close", "cancel",
    ]);
    expect(calls[1].args).toEqual({ lang: "zh" });
    expect(calls[2].args).toEqual({ kind: "new_case_parent", title: "Choose where the new case goes" });
    expect(calls[3].args).toEqual({ req: { path: "/c/x.dossier", title: "x", rules: "cn", timeZone: "Asia/Shanghai", passphrase: null } });
    expect(calls[4].args).toEqual({ path: "/c/x.dossier" });
    expect(calls[5].args).toEqual({ path: "/c/y.dossier", passphrase: "correct horse" });
    expect(calls[11].args).toEqual({ exhibit: 3, event: 9 });
    expect(calls[12].args).toEqual({ exhibit: 4, event: null });
    expect(calls[14].args).toEqual({ exhibit: 3, tag: "x" });
    expect(calls[18].args).toEqual({ path: "/out/dossier-zh.pdf" });
  });

  it("pass a progress channel to long operations and deliver its messages", async () => {
    const seen: ProgressEvent[] = [];
    record((cmd, args) => {
      const ch = args?.onProgress as Channel<ProgressEvent>;
      ch.onmessage({ kind: "begin", files: 2, bytes: 100 });
      ch.onmessage({ kind: "file", name: "a.png" });
      ch.onmessage({ kind: "end" });
      if (cmd === "add_files") return { added: [1], duplicates: [], failed: [], notReached: [] };
      return null;
    });
    const r = await api.addFiles({ paths: ["/a.png"], contributor: "母亲" }, (e) => seen.push(e));
    expect(r.added).toEqual([1]);
    expect(seen.map((e) => e.kind)).toEqual(["begin", "file", "end"]);
  });

  it("turn a rejection into an AppError, keeping code and message", async () => {
    record(() => {
      throw { code: "busy", message: "另一项操作正在进行" };
    });
    await expect(api.caseSummary()).rejects.toEqual({ code: "busy", message: "另一项操作正在进行" });
    record(() => {
      throw "plain text";
    });
    await expect(api.caseSummary()).rejects.toEqual({ code: "internal", message: "plain text" });
    record(() => {
      throw { code: "not_a_code", message: "x" };
    });
    await expect(api.caseSummary()).rejects.toMatchObject({ code: "internal" });
  });

  it("read the timeline whether it comes as text, bytes or an object", async () => {
    const data = { timeZone: "Asia/Shanghai", parties: [], events: [], rules: [] };
    record(() => JSON.stringify(data));
    expect(await api.timeline()).toEqual(data);
    record(() => new TextEncoder().encode(JSON.stringify(data)).buffer);
    expect(await api.timeline()).toEqual(data);
    record(() => data);
    expect(await api.timeline()).toEqual(data);
  });

  it("builds evidence URLs on the evidence protocol", () => {
    mockConvertFileSrc("linux");
    expect(api.evidenceUrl("ab12")).toBe("evidence://localhost/ab12");
    mockConvertFileSrc("windows");
    expect(api.evidenceUrl("ab12")).toBe("http://evidence.localhost/ab12");
  });

  it("listens for drops without failing outside Tauri", async () => {
    const stop = await api.onDragDrop(() => {});
    expect(typeof stop).toBe("function");
  });
});
