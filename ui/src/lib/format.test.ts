import { describe, it, expect } from "vitest";
import { formatBytes, shortSha, formatDuration, sanitizeTitle, joinPath, caseFolder, baseName } from "./format";

describe("format", () => {
  it("formats bytes", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1536)).toBe("1.50 KB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.00 MB");
    expect(formatBytes(300 * 1024 * 1024)).toBe("300 MB");
    expect(formatBytes(-1)).toBe("—");
  });

  it("shortens a SHA-256", () => {
    expect(shortSha("a".repeat(64))).toBe("aaaaaaaaaa…");
    expect(shortSha("abc")).toBe("abc");
  });

  it("formats durations", () => {
    expect(formatDuration(65)).toBe("1:05");
    expect(formatDuration(3725)).toBe("1:02:05");
    expect(formatDuration(null)).toBe("");
    expect(formatDuration(0)).toBe("0:00");
  });

  it("makes a title safe as a folder name", () => {
    expect(sanitizeTitle("网贷 / 催收: 2026?")).toBe("网贷 _ 催收_ 2026_");
    expect(sanitizeTitle("  ..hidden..  ")).toBe("hidden");
    expect(sanitizeTitle("")).toBe("case");
    expect(sanitizeTitle("CON")).toBe("CON_");
    expect(sanitizeTitle("x".repeat(200)).length).toBe(80);
  });

  it("joins paths with the parent's separator", () => {
    expect(joinPath("/home/a", "b")).toBe("/home/a/b");
    expect(joinPath("/home/a/", "b")).toBe("/home/a/b");
    expect(joinPath("C:\\Users\\a", "b")).toBe("C:\\Users\\a\\b");
    expect(caseFolder("/tmp/cases", "E2E 测试案件")).toBe("/tmp/cases/E2E 测试案件.dossier");
    expect(baseName("/a/b/calls.xml")).toBe("calls.xml");
    expect(baseName("C:\\x\\y.csv")).toBe("y.csv");
  });
});
