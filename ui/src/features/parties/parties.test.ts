import { describe, it, expect, beforeEach } from "vitest";
import { mockIPC } from "@tauri-apps/api/mocks";
import { render, fireEvent, waitFor } from "@testing-library/svelte";
import type { PartiesData, PartyDto, SuspectDto } from "../../lib/bindings";
import { setLang } from "../../lib/i18n/index.svelte";
import {
  sideOf, groupParties, sideEvents, editOf, changed, editRequest, checkMerge, mergeRequest, canLabel, answerRequest, load, save,
} from "./parties";
import PartiesScreen from "./PartiesScreen.svelte";

const party = (key: string, over: Partial<PartyDto> = {}): PartyDto => ({
  key, display: key, name: null, role: null, group: null, basis: null, basisSource: null, events: 1, ownedEvents: 0, ...over,
});
const suspect = (key: string | null): SuspectDto => ({
  key, label: key ?? "Hidden number", calls: 40, messages: 3, first: "2026-03-01", last: "2026-03-20", reasons: ["calls at night"],
});

beforeEach(() => setLang("en"));

describe("parties logic", () => {
  it("sends a label's basis only when it changed", () => {
    const p = party("k", { role: "collector", group: "A" });
    const e = editOf(p);
    expect(e.basis).toBe("user");
    expect(changed(p, e)).toBe(false);
    expect(editRequest(p, { ...e, name: "Zhao" }).basis).toBeNull();
    const r = editRequest(p, { ...e, basis: "signature", source: " SMS of 5 March " });
    expect(changed(p, { ...e, basis: "signature" })).toBe(true);
    expect([r.basis, r.basisSource]).toEqual(["signature", "SMS of 5 March"]);
    const stated = party("k", { basis: "caller", basisSource: "call of 3 March" });
    expect(changed(stated, editOf(stated))).toBe(false);
  });

  it("sorts roles into sides", () => {
    expect(sideOf("agency")).toBe("collection");
    expect(sideOf("lender")).toBe("collection");
    expect(sideOf("debtor")).toBe("debtor");
    expect(sideOf("guarantor")).toBe("reached");
    expect(sideOf("spouse")).toBe("reached");
    expect(sideOf("other")).toBe("other");
    expect(sideOf(null)).toBe("other");
  });

  it("groups, searches and counts", () => {
    const list = [
      party("a", { role: "collector", events: 3 }),
      party("b", { role: "collector", events: 9, name: "王经理" }),
      party("c", { role: "family", group: "家" }),
      party("d"),
    ];
    const g = groupParties(list);
    expect(g.collection.map((p) => p.key)).toEqual(["b", "a"]);
    expect(g.reached.map((p) => p.key)).toEqual(["c"]);
    expect(g.other.map((p) => p.key)).toEqual(["d"]);
    expect(sideEvents(g.collection)).toBe(12);
    expect(groupParties(list, "王").collection.map((p) => p.key)).toEqual(["b"]);
    expect(groupParties(list, "家").reached.length).toBe(1);
  });

  it("edits only what changed", () => {
    const p = party("a", { role: "collector", name: "x" });
    expect(changed(p, editOf(p))).toBe(false);
    expect(changed(p, { ...editOf(p), group: "Agency A" })).toBe(true);
    expect(editRequest(p, { ...editOf(p), role: "agency", name: " ", group: " A " })).toEqual({
      keys: ["a"], role: "agency", name: null, group: "A", basis: null, basisSource: null,
    });
  });

  it("merges two or more into a named group", () => {
    expect(checkMerge(["a"], "g")).toBe("few");
    expect(checkMerge(["a", "b"], " ")).toBe("group");
    expect(checkMerge(["a", "b"], "g")).toBeNull();
    expect(mergeRequest(["a", "b"], " 某某催收 ")).toEqual({ keys: ["a", "b"], role: null, name: null, group: "某某催收", basis: null, basisSource: null });
  });

  it("answers suspects, never hidden numbers", () => {
    expect(canLabel(suspect(null))).toBe(false);
    expect(answerRequest(suspect(null), true)).toBeNull();
    expect(answerRequest(suspect("k"), true)).toEqual({ keys: ["k"], role: "collector", name: null, group: null, basis: null, basisSource: null });
    expect(answerRequest(suspect("k"), false)?.role).toBe("other");
  });
});

describe("parties through the backend", () => {
  it("loads and saves", async () => {
    const sent: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      sent.push([cmd, args]);
      return cmd === "parties" ? { parties: [], suspects: [] } : null;
    });
    await load();
    await save({ keys: ["k"], role: "collector", name: null, group: null, basis: null, basisSource: null });
    expect(sent).toEqual([["parties", {}], ["party_set", { req: { keys: ["k"], role: "collector", name: null, group: null, basis: null, basisSource: null } }]]);
  });

  it("the screen accepts a suspect, says hidden numbers cannot be labelled, and merges", async () => {
    let data: PartiesData = {
      parties: [party("+86138", { events: 40 }), party("+86139", { events: 2 })],
      suspects: [suspect("+86138"), suspect(null)],
    };
    const sets: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "party_set") {
        const req = (args as { req: { keys: string[]; role: string | null } }).req;
        sets.push(req);
        if (req.role === "collector") {
          data = { parties: data.parties.map((p) => (p.key === "+86138" ? { ...p, role: "collector" } : p)), suspects: [suspect(null)] };
        }
        return null;
      }
      return data;
    });
    const { getAllByTestId, getByTestId, container, getByText, getByLabelText, getByPlaceholderText } = render(PartiesScreen);
    await waitFor(() => getAllByTestId("suspect-row"));
    expect(getAllByTestId("suspect-row").length).toBe(2);
    expect(getAllByTestId("suspect-accept").length).toBe(1);
    expect(container.textContent).toContain("A hidden number cannot be labelled");
    await fireEvent.click(getByTestId("suspect-accept"));
    await waitFor(() => expect(getAllByTestId("suspect-row").length).toBe(1));
    expect(sets[0]).toEqual({ keys: ["+86138"], role: "collector", name: null, group: null, basis: null, basisSource: null });
    expect(container.textContent).toContain("Collection side (collectors, agencies, lenders)");
    expect(getAllByTestId("party-row").length).toBe(2);
    await fireEvent.click(getByLabelText("Select +86138"));
    await fireEvent.click(getByLabelText("Select +86139"));
    await fireEvent.input(getByPlaceholderText("Group name, e.g. an agency's name"), { target: { value: "Agency A" } });
    await fireEvent.click(getByText("Put in one group"));
    await waitFor(() => expect(sets.length).toBe(2));
    expect(sets[1]).toEqual({ keys: ["+86138", "+86139"], role: null, name: null, group: "Agency A", basis: null, basisSource: null });
  });
});
