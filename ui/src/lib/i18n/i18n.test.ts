import { describe, it, expect, afterEach } from "vitest";
import zh from "./zh-CN";
import en from "./en";
import { initialLang, interpolate, t, label, setLang, i18n, backendLang, catalogs } from "./index.svelte";
import { CODES } from "../api";
import { DIRECTIONS, KINDS, ROLES, WORDS_EN, WORDS_ZH } from "../vocabulary";
import { ROLES as PARTY_ROLES } from "../../features/parties/parties";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("catalogs", () => {
  it("have exactly the same keys", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it("have no empty strings", () => {
    for (const cat of [zh, en] as Record<string, string>[]) {
      for (const [k, v] of Object.entries(cat)) expect(v.trim(), k).not.toBe("");
    }
  });

  it("use the same placeholders in both languages", () => {
    for (const k of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(placeholders(en[k]), k).toEqual(placeholders(zh[k]));
    }
  });

  it("name every error code, kind, direction and role", () => {
    expect(CODES.size).toBeGreaterThanOrEqual(19);
    for (const c of CODES) {
      expect(zh).toHaveProperty(`error.${c}`);
      expect(en).toHaveProperty(`error.${c}`);
    }
    for (const d of DIRECTIONS) expect(zh).toHaveProperty(`direction.${d}`);
    for (const r of ROLES) expect(zh).toHaveProperty(`role.${r}`);
    for (const k of KINDS) expect(en).toHaveProperty(`kind.${k}`);
  });

  it("take the domain's words from the core, never a word of their own", () => {
    for (const [key, word] of Object.entries(WORDS_ZH)) expect((zh as Record<string, string>)[key], key).toBe(word);
    for (const [key, word] of Object.entries(WORDS_EN)) expect((en as Record<string, string>)[key], key).toBe(word);
    // The parties screen offers every role the core has, and no other.
    expect([...PARTY_ROLES].sort()).toEqual([...ROLES].sort());
  });

  it("contain every key the source code asks for", () => {
    const sources = import.meta.glob(["../../**/*.svelte", "../../**/*.ts", "!../../**/*.test.ts"], {
      query: "?raw",
      import: "default",
      eager: true,
    }) as Record<string, string>;
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    const missing: string[] = [];
    let used = 0;
    for (const [f, text] of Object.entries(sources)) {
      for (const m of text.matchAll(/\bt\("([^"]+)"/g)) {
        used++;
        if (!(m[1] in zh)) missing.push(`${f}: ${m[1]}`);
      }
    }
    expect(used).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});

describe("the store", () => {
  afterEach(() => setLang("en"));

  it("starts from a stored choice, else the system language", () => {
    expect(initialLang("en", "zh-CN")).toBe("en");
    expect(initialLang(null, "zh-CN")).toBe("zh-CN");
    expect(initialLang(null, "zh-TW")).toBe("zh-CN");
    expect(initialLang(null, "en-US")).toBe("en");
    expect(initialLang("fr", "de-DE")).toBe("en");
    expect(initialLang(null, undefined)).toBe("en");
  });

  it("interpolates parameters and leaves unknown ones", () => {
    expect(interpolate("{a} of {b}", { a: 1, b: "x" })).toBe("1 of x");
    expect(interpolate("{a} {c}", { a: 1 })).toBe("1 {c}");
  });

  it("switches language, persists it and sets <html lang>", () => {
    setLang("zh-CN");
    expect(i18n.lang).toBe("zh-CN");
    expect(localStorage.getItem("dossier.lang")).toBe("zh-CN");
    expect(document.documentElement.lang).toBe("zh-CN");
    expect(t("nav.evidence")).toBe("证据");
    setLang("en");
    expect(t("nav.evidence")).toBe("Evidence");
    expect(t("verify.intact", { n: 3, m: 9 })).toBe(
      "All 3 originals match their SHA-256; the audit chain of 9 entries is intact.",
    );
  });

  it("labels known values from the catalog and shows unknown ones as they are", () => {
    setLang("en");
    expect(label("direction", "missed")).toBe("Missed");
    expect(label("kind", "hologram")).toBe("hologram");
    expect(label("role", null)).toBe("—");
  });

  it("maps UI languages to the backend's", () => {
    expect(backendLang("zh-CN")).toBe("zh");
    expect(backendLang("en")).toBe("en");
    expect(Object.keys(catalogs)).toEqual(["zh-CN", "en"]);
  });
});
