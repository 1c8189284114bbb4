import { describe, it, expect, beforeEach } from "vitest";
import { mockIPC } from "@tauri-apps/api/mocks";
import { render, fireEvent, waitFor } from "@testing-library/svelte";
import type { TimelineData, TimelineEvent } from "../../lib/bindings";
import { setLang } from "../../lib/i18n/index.svelte";
import { nav, reset } from "../../lib/nav.svelte";
import {
  filterEvents, buildRows, callsPerDay, chartBars, channelsIn, directionsIn, partyOptions, ruleOptions, rowDetail,
  rowOfEvent, nextDay, isFiltered, noFilter, ALL_PARTIES, HIDDEN_PARTY,
} from "./timeline";
import TimelineScreen from "./TimelineScreen.svelte";

function ev(id: number, over: Partial<TimelineEvent> = {}): TimelineEvent {
  return {
    id, day: "2026-03-05", time: "10:00:00", hour: 10, channel: "call", direction: "in", party: 0,
    hidden: false, masked: false, durationS: 30, exhibit: 4, record: `call ${id}`, night: false, collection: false, ...over,
  };
}

const data = (): TimelineData => ({
  timeZone: "Asia/Shanghai",
  parties: [
    { key: "+8613800000000", label: "138 0000 0000", role: "collector" },
    { key: "+8613900000000", label: "139 0000 0000", role: null },
  ],
  events: [
    ev(1, { collection: true, night: true, time: "23:10:00", hour: 23 }),
    ev(2, { channel: "sms", durationS: undefined, body: "还钱", collection: true, direction: "in" }),
    ev(3, { day: "2026-03-07", party: 1 }),
    ev(4, { day: "2026-03-07", hidden: true, party: undefined, direction: "missed" }),
  ],
  rules: [{ id: "cn.night", title: "Night calls", events: [1] }, { id: "cn.none", title: "None", events: [] }],
});

beforeEach(() => {
  setLang("en");
  reset({ name: "timeline", rule: null });
});

describe("filters", () => {
  it("pass everything with no filter", () => {
    expect(filterEvents(data(), noFilter())).toEqual([0, 1, 2, 3]);
    expect(isFiltered(noFilter())).toBe(false);
  });

  it("filter by channel, direction, party, rule, night and collection", () => {
    const d = data();
    expect(filterEvents(d, { ...noFilter(), channels: ["sms"] })).toEqual([1]);
    expect(filterEvents(d, { ...noFilter(), channels: ["sms", "call"] })).toEqual([0, 1, 2, 3]);
    expect(filterEvents(d, { ...noFilter(), direction: "missed" })).toEqual([3]);
    expect(filterEvents(d, { ...noFilter(), party: 1 })).toEqual([2]);
    expect(filterEvents(d, { ...noFilter(), party: HIDDEN_PARTY })).toEqual([3]);
    expect(filterEvents(d, { ...noFilter(), party: ALL_PARTIES })).toEqual([0, 1, 2, 3]);
    expect(filterEvents(d, { ...noFilter(), rule: "cn.night" })).toEqual([0]);
    expect(filterEvents(d, { ...noFilter(), rule: "unknown" })).toEqual([]);
    expect(filterEvents(d, { ...noFilter(), nightOnly: true })).toEqual([0]);
    expect(filterEvents(d, { ...noFilter(), collectionOnly: true, channels: ["call"] })).toEqual([0]);
    expect(isFiltered({ ...noFilter(), nightOnly: true })).toBe(true);
  });

  it("filter 100,000 events quickly", () => {
    const events: TimelineEvent[] = [];
    for (let i = 0; i < 100_000; i++) {
      events.push(ev(i, { day: `2026-03-${String(1 + (i % 28)).padStart(2, "0")}`, night: i % 3 === 0, party: i % 50 }));
    }
    events.sort((a, b) => a.day.localeCompare(b.day));
    const big: TimelineData = { timeZone: "UTC", parties: [], events, rules: [] };
    const t0 = performance.now();
    const idx = filterEvents(big, { ...noFilter(), nightOnly: true });
    const model = buildRows(events, idx);
    const took = performance.now() - t0;
    expect(idx.length).toBe(Math.ceil(100_000 / 3));
    expect(model.days.length).toBe(28);
    expect(took).toBeLessThan(500);
  });
});

describe("row model", () => {
  it("puts a day header before each day's events", () => {
    const d = data();
    const m = buildRows(d.events, [0, 1, 2, 3]);
    expect(Array.from(m.rows)).toEqual([-1, 0, 1, -2, 2, 3]);
    expect(m.days).toEqual([
      { day: "2026-03-05", count: 2, night: 1, collection: 2 },
      { day: "2026-03-07", count: 2, night: 0, collection: 0 },
    ]);
    expect(rowOfEvent(m, d.events, 3)).toBe(4);
    expect(rowOfEvent(m, d.events, 99)).toBe(-1);
    expect(buildRows(d.events, []).rows.length).toBe(0);
  });
});

describe("chart", () => {
  it("counts calls per day, every day, split by collection, marking nights", () => {
    const d = data();
    const days = callsPerDay(d.events, [0, 1, 2, 3]);
    expect(days).toEqual([
      { day: "2026-03-05", collection: 1, other: 0, night: 1 },
      { day: "2026-03-06", collection: 0, other: 0, night: 0 },
      { day: "2026-03-07", collection: 0, other: 2, night: 0 },
    ]);
    const bars = chartBars(days, (x) => x.day);
    expect(bars[0]).toEqual({ label: "2026-03-05", parts: [1, 0], marked: true, title: "2026-03-05" });
    expect(callsPerDay(d.events, [1])).toEqual([]);
    expect(nextDay("2026-02-28")).toBe("2026-03-01");
    expect(nextDay("2024-12-31")).toBe("2025-01-01");
  });
});

describe("options and rows", () => {
  it("lists channels, directions, parties and rules", () => {
    const d = data();
    expect(channelsIn(d.events)).toEqual(["call", "sms"]);
    expect(directionsIn(d.events)).toEqual(["in", "missed"]);
    expect(partyOptions(d, "").map((p) => [p.index, p.events])).toEqual([[0, 2], [1, 1]]);
    expect(partyOptions(d, "139").map((p) => p.index)).toEqual([1]);
    expect(ruleOptions(d.rules).map((r) => r.id)).toEqual(["cn.night"]);
    expect(rowDetail(d.events[0], (s) => `${s}s`)).toBe("30s");
    expect(rowDetail(d.events[1], (s) => `${s}s`)).toBe("还钱");
  });
});

describe("timeline screen", () => {
  it("loads through the backend, renders a window of 100,000 events and opens the record", async () => {
    const events: TimelineEvent[] = [];
    for (let i = 0; i < 100_000; i++) events.push(ev(i + 1, { day: `2026-0${1 + Math.floor(i / 20_000)}-10`, exhibit: 9 }));
    const cmds: string[] = [];
    mockIPC((cmd) => {
      cmds.push(cmd);
      return JSON.stringify({ ...data(), events });
    });
    const { getAllByTestId, getByTestId } = render(TimelineScreen, { rule: null });
    await waitFor(() => getAllByTestId("timeline-row"));
    expect(cmds).toEqual(["timeline"]);
    expect(getAllByTestId("timeline-row").length).toBeLessThan(80);
    expect(getAllByTestId("timeline-day").length).toBeGreaterThan(0);
    expect(getByTestId("timeline-chart")).toBeTruthy();
    await fireEvent.click(getAllByTestId("timeline-row")[0]);
    expect(nav.current).toEqual({ name: "exhibit", exhibit: 9, event: 1 });
  });

  it("starts with a rule's filter and narrows to night calls", async () => {
    mockIPC(() => data());
    const { getAllByTestId, getByTestId } = render(TimelineScreen, { rule: "cn.night" });
    await waitFor(() => getAllByTestId("timeline-row"));
    expect(getAllByTestId("timeline-row").length).toBe(1);
    expect(getByTestId("filter-channel").textContent).toContain("SMS");
  });

  it("marks FaceTime calls and points a picture-only message to its attachment, in both languages", async () => {
    const events = [
      ev(1, { facetime: "video" }),
      ev(2, { channel: "chat", durationS: undefined, body: undefined, attachments: [12, 13] }),
    ];
    mockIPC(() => ({ ...data(), events }));
    const first = render(TimelineScreen, { rule: null });
    await waitFor(() => first.getAllByTestId("timeline-row"));
    expect(first.getByTestId("timeline-facetime").textContent).toContain("FaceTime video");
    expect(first.getByTestId("timeline-attachments").textContent).toBe("Attachment: exhibit #12, #13");
    first.unmount();
    setLang("zh-CN");
    const zh = render(TimelineScreen, { rule: null });
    await waitFor(() => zh.getAllByTestId("timeline-row"));
    expect(zh.getByTestId("timeline-facetime").textContent).toContain("FaceTime 视频");
    expect(zh.getByTestId("timeline-attachments").textContent).toBe("附件：证据 #12, #13");
  });

  it("explains how to get events when there are none", async () => {
    mockIPC(() => ({ timeZone: "UTC", parties: [], events: [], rules: [] }));
    const { container } = render(TimelineScreen, {});
    await waitFor(() => expect(container.textContent).toContain("Import a phone's call log"));
  });
});
