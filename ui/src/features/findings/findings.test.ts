import { describe, it, expect, beforeEach } from "vitest";
import { mockIPC } from "@tauri-apps/api/mocks";
import { render, fireEvent, waitFor } from "@testing-library/svelte";
import type { FindingsData, RuleDto } from "../../lib/bindings";
import { setLang } from "../../lib/i18n/index.svelte";
import { nav, reset } from "../../lib/nav.svelte";
import { splitRules, totalCount, confidenceKey, uniqueExhibits, load, marked } from "./findings";
import FindingsScreen from "./FindingsScreen.svelte";

const rule = (id: string, confidence: string, counts: number[]): RuleDto => ({
  id, title: `Rule ${id}`, explanation: "why", confidence, sources: ["《规定》第十条"], summary: null,
  findings: counts.map((count, i) => ({
    sentence: `${id} finding ${i}`, at: "2026-03-05", count, events: [10 + i], exhibits: [4, 2, 4],
    quotes: [{ event: 10 + i, category: "threat", categoryName: "威胁", words: "不还钱就上门", context: "再〔不还钱就上门〕" }],
  })),
});

const data = (): FindingsData => ({
  pack: "cn", packName: "China 2026", events: 120, collectionContacts: 80,
  rules: [rule("quiet", "P", []), rule("s1", "S", [50]), rule("p1", "P", [2]), rule("p2", "P", [3, 4])],
  patterns: ["Calls rise on paydays."], suspects: 2, legend: "[P] primary text read",
  paydays: [15], contradictions: [], cease: [], ceaseRule: false, ceaseCollectors: [],
});

beforeEach(() => {
  setLang("en");
  reset({ name: "findings" });
});

describe("findings logic", () => {
  it("puts rules with findings first, primary law first, then by count", () => {
    const s = splitRules(data().rules);
    expect(s.found.map((r) => r.id)).toEqual(["p2", "p1", "s1"]);
    expect(s.notFound.map((r) => r.id)).toEqual(["quiet"]);
    expect(totalCount(rule("x", "P", [3, 4]))).toBe(7);
    expect(confidenceKey("P")).toBe("confidence.P");
    expect(confidenceKey("S")).toBe("confidence.S");
    expect(uniqueExhibits([4, 2, 4])).toEqual([2, 4]);
  });
});

describe("quoted messages", () => {
  it("split at the marks around what a rule matched", () => {
    expect(marked("短信：“看看你家门口，〔下次就不是贴纸条〕了。”")).toEqual([
      { text: "短信：“看看你家门口，", mark: false },
      { text: "下次就不是贴纸条", mark: true },
      { text: "了。”", mark: false },
    ]);
    expect(marked("no quote")).toEqual([{ text: "no quote", mark: false }]);
  });
});

describe("findings screen", () => {
  it("loads through the backend and shows sentences, quotes and links", async () => {
    const cmds: string[] = [];
    mockIPC((cmd) => {
      cmds.push(cmd);
      return data();
    });
    expect((await load()).packName).toBe("China 2026");
    const { getAllByTestId, container, getByText } = render(FindingsScreen);
    await waitFor(() => getAllByTestId("finding"));
    expect(cmds).toEqual(["findings", "findings"]);
    expect(getAllByTestId("rule").length).toBe(3); // "not found" collapsed
    expect(getAllByTestId("finding").map((f) => f.querySelector(".sentence")?.textContent)).toEqual([
      "p2 finding 0", "p2 finding 1", "p1 finding 0", "s1 finding 0",
    ]);
    expect(container.textContent).toContain("不还钱就上门");
    expect(container.textContent).toContain("P: law or regulation");
    expect(container.textContent).toContain("Calls rise on paydays.");
    await fireEvent.click(getByText("Rules with nothing found (1)", { exact: false }));
    expect(getAllByTestId("rule").length).toBe(4);
    await fireEvent.click(getAllByTestId("rule")[0].querySelector("button.btn.small") as HTMLElement);
    expect(nav.current).toEqual({ name: "timeline", rule: "p2" });
  });

  it("links evidence to the exhibit and suspects to Parties", async () => {
    mockIPC(() => data());
    const { getAllByTestId, getAllByText, getByText } = render(FindingsScreen);
    await waitFor(() => getAllByTestId("finding"));
    await fireEvent.click(getAllByText("#2")[0]);
    expect(nav.current).toEqual({ name: "exhibit", exhibit: 2, event: 10 });
    await fireEvent.click(getByText("2 suspected collectors to confirm →"));
    expect(nav.current).toEqual({ name: "parties" });
  });

  it("records the borrower's paydays and lists contradicted labels", async () => {
    const sent: [string, unknown][] = [];
    let days = [15];
    mockIPC((cmd, args) => {
      sent.push([cmd, args]);
      if (cmd === "paydays_set") {
        days = [10, 25];
        return days;
      }
      return {
        ...data(),
        paydays: days,
        contradictions: [{ sentence: "170 is labelled A, but 2 of its records name it 〔B〕.", events: [31, 40], exhibits: [9, 7] }],
      };
    });
    const { getByTestId, container, getAllByText } = render(FindingsScreen);
    await waitFor(() => getByTestId("contradictions"));
    expect((getByTestId("paydays-input") as HTMLInputElement).value).toBe("15");
    expect(container.textContent).toContain("Labels the records contradict");
    expect(getByTestId("contradictions").querySelector("mark")?.textContent).toBe("B");
    await fireEvent.input(getByTestId("paydays-input"), { target: { value: "10,25" } });
    await fireEvent.click(getByTestId("paydays-save"));
    await waitFor(() => getByTestId("paydays-saved"));
    expect(sent.filter(([c]) => c === "paydays_set")).toEqual([["paydays_set", { req: { text: "10,25" } }]]);
    expect(getByTestId("paydays-saved").textContent).toBe("Saved: day 10, 25 of the month");
    await waitFor(() => expect((getByTestId("paydays-input") as HTMLInputElement).value).toBe("10, 25"));
    await fireEvent.click(getAllByText("#7")[0]);
    expect(nav.current).toEqual({ name: "exhibit", exhibit: 7, event: 31 });
  });

  it("records a written request to stop for a US case and withdraws it", async () => {
    const sent: [string, unknown][] = [];
    let cease: { collector: string; received: string; source: string | null }[] = [];
    mockIPC((cmd, args) => {
      sent.push([cmd, args]);
      if (cmd === "cease_record") {
        cease = [{ collector: "Apex Recovery", received: "2026-04-10", source: "return receipt" }];
        return cease;
      }
      if (cmd === "cease_withdraw") {
        cease = [];
        return cease;
      }
      return { ...data(), pack: "us", ceaseRule: true, cease, ceaseCollectors: ["Acme Bank", "Apex Recovery"] };
    });
    const { getByTestId, queryAllByTestId, getByText } = render(FindingsScreen);
    await waitFor(() => getByTestId("cease"));
    expect(getByText("No request is recorded.")).toBeTruthy();
    await fireEvent.change(getByTestId("cease-collector"), { target: { value: "Apex Recovery" } });
    await fireEvent.input(getByTestId("cease-received"), { target: { value: "2026-04-10" } });
    await fireEvent.input(getByTestId("cease-source"), { target: { value: "return receipt" } });
    await fireEvent.click(getByTestId("cease-save"));
    await waitFor(() => expect(queryAllByTestId("cease-line")).toHaveLength(1));
    expect(sent.filter(([c]) => c === "cease_record")).toEqual([
      ["cease_record", { req: { collector: "Apex Recovery", received: "2026-04-10", source: "return receipt" } }],
    ]);
    expect(getByTestId("cease-line").textContent).toContain("Apex Recovery: received on 2026-04-10");
    await fireEvent.click(getByText("Withdraw"));
    await waitFor(() => expect(queryAllByTestId("cease-line")).toHaveLength(0));
    expect(sent.filter(([c]) => c === "cease_withdraw")).toEqual([["cease_withdraw", { req: { collector: "Apex Recovery" } }]]);
  });

  it("offers no request form under China's rules", async () => {
    mockIPC(() => data());
    const { getByTestId, queryByTestId } = render(FindingsScreen);
    await waitFor(() => getByTestId("paydays-input"));
    expect(queryByTestId("cease")).toBeNull();
  });
});
