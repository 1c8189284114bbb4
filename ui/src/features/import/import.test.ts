import { describe, it, expect, beforeEach } from "vitest";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { Channel } from "@tauri-apps/api/core";
import { render, fireEvent, waitFor } from "@testing-library/svelte";
import type { ImportPreview, MappingSuggestion, ProgressEvent } from "../../lib/bindings";
import { setLang } from "../../lib/i18n/index.svelte";
import { session } from "../../lib/session.svelte";
import { nav, reset } from "../../lib/nav.svelte";
import {
  nextStep, prevStep, canMap, validateMapping, headerOptions, directionValues,
  fromSuggestion, guessDirections, toColumnMapping, ownerValue, ownerValid, importRequest, preview, run, type MappingForm,
} from "./import";
import ImportWizard from "./ImportWizard.svelte";

const rows = [
  ["中国移动 通话详单", "", "", ""],
  ["起始时间", "对方号码", "呼叫类型", "通话时长"],
  ["2026-03-05 21:03:11", "13800000000", "被叫", "65"],
  ["2026-03-05 22:10:00", "13900000000", "主叫", "12"],
  ["2026-03-06 08:00:00", "13800000000", "未接", "0"],
];

// What the core suggests for these rows (crates/dossier-core/tests/core/suggest.rs pins the same).
const suggestion: MappingSuggestion = {
  headerRow: 1, channel: "call", time: "起始时间", date: null, clock: null, number: "对方号码", direction: "呼叫类型",
  duration: "通话时长", body: null, directions: [["被叫", "in"], ["主叫", "out"], ["未接", "missed"]],
};

const csvPreview = (needsMapping: boolean): ImportPreview => ({
  format: "csv", mapping: needsMapping ? null : "app", records: [], rows, needsMapping, suggested: suggestion, backup: null,
});

const form = (over: Partial<MappingForm> = {}): MappingForm => ({
  headerRow: 1, channel: "call", timeMode: "time", time: "起始时间", date: "", clock: "", number: "对方号码",
  direction: "", duration: "", body: "", directions: {}, ...over,
});

beforeEach(() => {
  setLang("en");
  session.contributor = "";
  reset({ name: "import" });
});

describe("wizard steps", () => {
  it("goes to mapping only when needed", () => {
    expect(nextStep("pick", null)).toBe("preview");
    expect(nextStep("preview", csvPreview(true))).toBe("mapping");
    expect(nextStep("preview", csvPreview(false))).toBe("owner");
    expect(nextStep("mapping", null)).toBe("preview");
    expect(nextStep("owner", null)).toBe("confirm");
    expect(nextStep("confirm", null)).toBe("report");
    expect(prevStep("confirm")).toBe("owner");
    expect(prevStep("owner")).toBe("preview");
    expect(canMap(csvPreview(false))).toBe(true);
    expect(canMap({ ...csvPreview(false), format: "android-calls" })).toBe(false);
  });
});

describe("column mapping", () => {
  it("needs a number and a time (or date and clock)", () => {
    expect(validateMapping(form())).toEqual([]);
    expect(validateMapping(form({ number: "" }))).toEqual(["number"]);
    expect(validateMapping(form({ time: "" }))).toEqual(["time"]);
    expect(validateMapping(form({ timeMode: "split", date: "日期" }))).toEqual(["dateClock"]);
    expect(validateMapping(form({ timeMode: "split", date: "日期", clock: "时刻", time: "" }))).toEqual([]);
    expect(validateMapping(form({ number: " ", time: "" }))).toEqual(["number", "time"]);
  });

  it("lists the header row's columns and the direction values", () => {
    expect(headerOptions(rows, 1)).toEqual(["起始时间", "对方号码", "呼叫类型", "通话时长"]);
    expect(headerOptions(rows, 0)).toEqual(["中国移动 通话详单"]);
    expect(directionValues(rows, 1, "呼叫类型")).toEqual(["被叫", "主叫", "未接"]);
    expect(directionValues(rows, 1, "nope")).toEqual([]);
  });

  it("starts from the core's suggestion and keeps the user's choices", () => {
    const m = fromSuggestion(suggestion, rows);
    expect(m).toMatchObject({ headerRow: 1, time: "起始时间", number: "对方号码", direction: "呼叫类型", duration: "通话时长", channel: "call", timeMode: "time" });
    expect(m.directions).toEqual({ 被叫: "in", 主叫: "out", 未接: "missed" });
    expect(guessDirections(["a", "未接"], { a: "blocked" }, suggestion)).toEqual({ a: "blocked", 未接: "missed" });
    expect(guessDirections(["?"], {}, null)).toEqual({ "?": "in" });
    const split = fromSuggestion({ ...suggestion, time: null, date: "日期", clock: "时刻" }, rows);
    expect(split).toMatchObject({ timeMode: "split", date: "日期", clock: "时刻" });
    expect(fromSuggestion(null, rows)).toMatchObject({ headerRow: 0, number: "", time: "" });
  });

  it("becomes the ColumnMapping the backend reads", () => {
    expect(toColumnMapping(form({ direction: "呼叫类型", directions: { 主叫: "out" }, duration: "通话时长" }))).toEqual({
      channel: "call", time: "起始时间", date: null, clock: null, number: "对方号码", direction: "呼叫类型",
      duration: "通话时长", body: null, directions: [["主叫", "out"]],
    });
    expect(toColumnMapping(form({ timeMode: "split", date: "D", clock: "C", directions: { x: "in" } }))).toMatchObject({
      time: null, date: "D", clock: "C", direction: null, directions: [],
    });
  });
});

describe("whose phone", () => {
  it("is null for the borrower's own, else what was typed", () => {
    expect(ownerValue("mine", "x")).toBeNull();
    expect(ownerValue("other", " 母亲 ")).toBe("母亲");
    expect(ownerValid(null, "")).toBe(false);
    expect(ownerValid("other", " ")).toBe(false);
    expect(ownerValid("other", "13800000000")).toBe(true);
    expect(ownerValid("mine", "")).toBe(true);
    expect(importRequest("/p", null, null, null)).toEqual({ path: "/p", format: null, mapping: null, owner: null, contributor: null });
    expect(importRequest("/p", toColumnMapping(form()), "母亲", "我").format).toBe("csv");
  });
});

describe("import through the backend", () => {
  it("previews and runs with the request and a progress channel", async () => {
    const sent: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      sent.push([cmd, (args as { req: unknown }).req]);
      if (cmd === "import_run") {
        (args as { onProgress: Channel<ProgressEvent> }).onProgress.onmessage({ kind: "end" });
        return { results: [{ format: "android-calls", exhibit: 4, alreadyStored: false, records: 3, newEvents: 3, knownEvents: 0, extracted: [], skipped: [], masked: 0, maskedNote: null, complete: true, losses: [], flags: [] }], missing: [] };
      }
      return csvPreview(true);
    });
    const req = importRequest("/calls.csv", toColumnMapping(form()), null, "母亲");
    expect((await preview(req)).needsMapping).toBe(true);
    const seen: string[] = [];
    expect((await run(req, (e) => seen.push(e.kind))).results[0].newEvents).toBe(3);
    expect(sent[0]).toEqual(["import_preview", req]);
    expect(sent[1]).toEqual(["import_run", req]);
    expect(seen).toEqual(["end"]);
  });

  it("the wizard maps a CSV, asks whose phone, runs and reports", async () => {
    const sent: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      const req = (args as { req?: { mapping: unknown } })?.req;
      sent.push([cmd, req ?? args]);
      if (cmd === "pick") return ["/exports/详单.csv"];
      if (cmd === "import_preview") {
        if (!req?.mapping) return csvPreview(true);
        return {
          ...csvPreview(false),
          records: [{ position: "line 3", channel: "call", direction: "in", at: "2026-03-05 21:03:11", number: "13800000000", name: null, durationS: 65, body: null }],
        };
      }
      if (cmd === "import_run") {
        return {
          results: [{
            format: "csv", exhibit: 7, alreadyStored: false, records: 3, newEvents: 2, knownEvents: 1, extracted: [],
            skipped: [{ position: "line 9", why: "no number" }],
            masked: 0, maskedNote: null, complete: true, losses: [], flags: [],
          }],
          missing: [],
        };
      }
      if (cmd === "evidence_list") return [];
      return null;
    });
    const { getByTestId, queryByTestId, container } = render(ImportWizard);
    await fireEvent.click(getByTestId("import-pick"));
    await waitFor(() => getByTestId("import-preview"));
    expect(getByTestId("import-format").textContent).toContain("Spreadsheet");
    await fireEvent.click(getByTestId("import-next")); // to the mapping step
    expect(container.textContent).toContain("What each column holds");
    await fireEvent.click(getByTestId("import-next")); // apply the guessed mapping
    await waitFor(() => expect(getByTestId("import-preview").textContent).toContain("13800000000"));
    const mapped = sent.find(([c, r]) => c === "import_preview" && (r as { mapping: unknown }).mapping) as [string, { mapping: { number: string; directions: [string, string][] } }];
    expect(mapped[1].mapping.number).toBe("对方号码");
    expect(mapped[1].mapping.directions).toContainEqual(["未接", "missed"]);
    await fireEvent.click(getByTestId("import-next")); // whose phone
    await fireEvent.click(getByTestId("import-next")); // nothing chosen yet
    expect(container.textContent).toContain("Choose whose phone it is");
    await fireEvent.click(getByTestId("import-owner-other"));
    await fireEvent.input(getByTestId("import-owner-input"), { target: { value: "13700000000" } });
    await fireEvent.click(getByTestId("import-next"));
    await fireEvent.click(getByTestId("import-run"));
    await waitFor(() => getByTestId("import-report"));
    const ran = sent.find(([c]) => c === "import_run") as [string, { owner: string; format: string }];
    expect(ran[1].owner).toBe("13700000000");
    expect(ran[1].format).toBe("csv");
    expect(getByTestId("import-report").textContent).toContain("line 9");
    expect(getByTestId("import-report").textContent).toContain("no number");
    expect(queryByTestId("import-incomplete")).toBeNull();
    expect(queryByTestId("import-masked")).toBeNull();
    await fireEvent.click(getByTestId("import-close"));
    await waitFor(() => expect(nav.current).toEqual({ name: "evidence" }));
  });

  it("a malformed file's message is shown, a cancelled run says nothing changed", async () => {
    let runError: unknown = { code: "malformed", message: "calls.xml is cut off at line 812" };
    mockIPC((cmd) => {
      if (cmd === "pick") return ["/calls.xml"];
      if (cmd === "import_preview") return { format: "android-calls", mapping: null, records: [], rows: [], needsMapping: false };
      if (cmd === "import_run") throw runError;
      return null;
    });
    const { getByTestId, container } = render(ImportWizard);
    await fireEvent.click(getByTestId("import-pick"));
    await waitFor(() => getByTestId("import-preview"));
    await fireEvent.click(getByTestId("import-next"));
    await fireEvent.click(getByTestId("import-owner-mine"));
    await fireEvent.click(getByTestId("import-next"));
    await fireEvent.click(getByTestId("import-run"));
    await waitFor(() => expect(container.textContent).toContain("cut off at line 812"));
    runError = { code: "cancelled", message: "stopped" };
    await fireEvent.click(getByTestId("import-run"));
    await waitFor(() => expect(container.textContent).toContain("Stopped. Nothing in the case was changed."));
  });

  it("an incomplete export and masked numbers are explained, not hidden", async () => {
    mockIPC((cmd) => {
      if (cmd === "pick") return ["/sms.xml"];
      if (cmd === "import_preview") return { format: "android-sms", mapping: null, records: [], rows: [], needsMapping: false, suggested: null };
      if (cmd === "import_run") {
        return {
          results: [{
            format: "android-sms", exhibit: 3, alreadyStored: false, records: 49, newEvents: 49, knownEvents: 0, extracted: [], skipped: [],
            masked: 5, maskedNote: "5 records have the other number masked by the export",
            complete: false, losses: ["The export is incomplete: the file ends at byte 26,798 inside mms #9; 49 complete records imported"],
            flags: ["line 3: the time the file writes out disagrees with its timestamp"],
          }],
          missing: [],
        };
      }
      if (cmd === "evidence_list") return [];
      return null;
    });
    const { getByTestId } = render(ImportWizard);
    await fireEvent.click(getByTestId("import-pick"));
    await waitFor(() => getByTestId("import-preview"));
    await fireEvent.click(getByTestId("import-next"));
    await fireEvent.click(getByTestId("import-owner-mine"));
    await fireEvent.click(getByTestId("import-next"));
    await fireEvent.click(getByTestId("import-run"));
    await waitFor(() => getByTestId("import-report"));
    const incomplete = getByTestId("import-incomplete");
    expect(incomplete.textContent).toContain("Nothing you have is lost");
    expect(incomplete.textContent).toContain("byte 26,798");
    expect(getByTestId("import-masked").textContent).toContain("5 records have the other number masked");
    expect(getByTestId("import-flags").textContent).toContain("line 3");
  });
});

describe("an iPhone backup folder", () => {
  it("is picked as a folder, previewed with what it lacks, and reported one database at a time", async () => {
    const picked: unknown[] = [];
    const lacks = "the Manifest.db of /backup lists the call history (CallHistory.storedata), but the folder lacks the file";
    const one = (format: string, exhibit: number, records: number) => ({
      format, exhibit, alreadyStored: false, records, newEvents: records, knownEvents: 0, extracted: [], skipped: [],
      masked: 0, maskedNote: null, complete: true, losses: [], flags: [],
    });
    mockIPC((cmd, args) => {
      if (cmd === "pick") {
        picked.push((args as { kind: string }).kind);
        return ["/backup"];
      }
      if (cmd === "import_preview") {
        return {
          format: "ios-backup", mapping: null, rows: [], needsMapping: false, suggested: null,
          records: [{ position: "message ROWID 1", channel: "sms", direction: "in", at: "2026-03-05 21:03:11", number: "+8613800000000", name: null, durationS: null, body: "还钱" }],
          backup: { databases: ["ios-sms", "ios-calls"], missing: [lacks] },
        };
      }
      if (cmd === "import_run") return { results: [one("ios-sms", 2, 1), one("ios-calls", 3, 4)], missing: [lacks] };
      if (cmd === "evidence_list") return [];
      return null;
    });
    const { getByTestId, getAllByTestId } = render(ImportWizard);
    await fireEvent.click(getByTestId("import-pick-backup"));
    await waitFor(() => getByTestId("import-preview"));
    expect(picked).toEqual(["backup_folder"]);
    expect(getByTestId("import-format").textContent).toContain("iPhone backup folder");
    expect(getByTestId("import-backup-holds").textContent).toContain("iPhone messages, iPhone call history");
    expect(getByTestId("import-backup-missing").textContent).toContain("CallHistory.storedata");
    await fireEvent.click(getByTestId("import-next"));
    await fireEvent.click(getByTestId("import-owner-mine"));
    await fireEvent.click(getByTestId("import-next"));
    await fireEvent.click(getByTestId("import-run"));
    await waitFor(() => getByTestId("import-report"));
    const report = getByTestId("import-report").textContent ?? "";
    expect(report).toContain("#2");
    expect(report).toContain("#3");
    expect(getAllByTestId("import-backup-missing")[0].textContent).toContain("CallHistory.storedata");
  });
});

describe("where an export comes from", () => {
  it("the first step says, for each source, how to get it off the phone, in both languages", () => {
    for (const lang of ["en", "zh-CN"] as const) {
      setLang(lang);
      const { getByTestId, unmount } = render(ImportWizard);
      for (const source of ["android", "iphone", "wechat", "carrier", "gone"]) {
        const steps = getByTestId(`import-howto-${source}`).querySelectorAll("li");
        expect(steps.length, `${lang} ${source}`).toBeGreaterThanOrEqual(3);
      }
      const text = getByTestId("import-howto").textContent ?? "";
      if (lang === "en") {
        expect(text).toContain("SMS Backup & Restore");
        expect(text).toContain("MemoTrace");
      } else {
        expect(text).toContain("详单查询");
        expect(text).toContain("留痕");
        expect(text).toContain("营业厅");
      }
      unmount();
    }
  });
});
