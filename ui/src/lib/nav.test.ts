import { describe, it, expect } from "vitest";
import { navigate, goBack, section, screenOf, nav, go, back, reset } from "./nav.svelte";

describe("navigation", () => {
  it("remembers where from and goes back", () => {
    let s = { current: { name: "evidence" as const }, history: [] };
    const t1 = navigate(s, { name: "timeline", rule: null });
    const t2 = navigate(t1, { name: "exhibit", exhibit: 4, event: 17 });
    expect(t2.current).toEqual({ name: "exhibit", exhibit: 4, event: 17 });
    const b = goBack(t2, { name: "evidence" });
    expect(b.current).toEqual({ name: "timeline", rule: null });
    expect(goBack(goBack(b, { name: "evidence" }), { name: "verify" }).current).toEqual({ name: "verify" });
    s = { current: { name: "evidence" }, history: [] };
    expect(goBack(s, { name: "findings" }).current).toEqual({ name: "findings" });
  });

  it("keeps the history bounded", () => {
    let s: ReturnType<typeof navigate> = { current: { name: "evidence" }, history: [] };
    for (let i = 0; i < 200; i++) s = navigate(s, { name: "exhibit", exhibit: i, event: null });
    expect(s.history.length).toBe(50);
  });

  it("puts sub-screens under their sidebar item", () => {
    expect(section({ name: "import" })).toBe("evidence");
    expect(section({ name: "exhibit", exhibit: 1, event: null })).toBe("evidence");
    expect(section({ name: "findings" })).toBe("findings");
    expect(screenOf("timeline")).toEqual({ name: "timeline", rule: null });
  });

  it("drives the shared state", () => {
    reset({ name: "evidence" });
    go({ name: "verify" });
    expect(nav.current).toEqual({ name: "verify" });
    back();
    expect(nav.current).toEqual({ name: "evidence" });
  });
});
