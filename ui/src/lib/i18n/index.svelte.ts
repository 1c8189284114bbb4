// The UI's language: a tiny reactive store over two catalogs with the same
// keys. `t()` reads the current language, so templates follow a switch.
import zh from "./zh-CN";
import en from "./en";
import { WORDS_EN } from "../vocabulary";

export type Lang = "zh-CN" | "en";
export type Key = keyof typeof zh;
export type Params = Record<string, string | number>;

export const catalogs: Record<Lang, Record<Key, string>> = { "zh-CN": zh, en };
export const LANGS: Lang[] = ["zh-CN", "en"];
const STORAGE = "dossier.lang";

/** The language to start in: a stored choice, else the system's. */
export function initialLang(stored: string | null, system: string | undefined): Lang {
  if (stored === "zh-CN" || stored === "en") return stored;
  return (system ?? "").toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

/** The backend's name for a UI language. */
export function backendLang(lang: Lang): "zh" | "en" {
  return lang === "en" ? "en" : "zh";
}

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE) ?? null;
  } catch {
    return null;
  }
}

class I18n {
  /** What the UI shows. */
  lang = $state<Lang>(initialLang(readStored(), globalThis.navigator?.language));
  /** The language the backend last confirmed (its messages and sentences). */
  served = $state<Lang | null>(null);
}

export const i18n = new I18n();

/**
 * Follows the system's language as the app reports it (the webview's own
 * `navigator.language` can miss a locale the C library lacks), unless the
 * user has chosen one.
 */
export function adoptSystemLang(system: string | undefined): void {
  const lang = initialLang(readStored(), system ?? globalThis.navigator?.language);
  if (lang !== i18n.lang) i18n.lang = lang;
}

export function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function t(key: Key, params?: Params): string {
  return interpolate(catalogs[i18n.lang][key] ?? key, params);
}

/**
 * A name from a catalog group (`kind.image`), or the raw value if unknown.
 * The core's English words are written for running text ("a collector");
 * standing alone as a label they begin with a capital.
 */
export function label(group: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const text = (catalogs[i18n.lang] as Record<string, string>)[`${group}.${value}`];
  if (text === undefined) return value;
  const core = `${group}.${value}` in WORDS_EN;
  return core && i18n.lang === "en" ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

export function hasKey(key: string): boolean {
  return key in catalogs[i18n.lang];
}

export function setLang(lang: Lang): void {
  i18n.lang = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE, lang);
  } catch {
    // storage unavailable: the choice lasts for this session
  }
  if (typeof document !== "undefined") document.documentElement.lang = lang;
}

/** Number formatting in the UI's language. */
export function num(n: number): string {
  return n.toLocaleString(i18n.lang === "en" ? "en-US" : "zh-CN");
}
