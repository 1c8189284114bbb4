import { describe, it, expect, beforeEach } from "vitest";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { Channel } from "@tauri-apps/api/core";
import { render, fireEvent, waitFor } from "@testing-library/svelte";
import type { ProgressEvent } from "../../lib/bindings";
import { session } from "../../lib/session.svelte";
import { setLang } from "../../lib/i18n/index.svelte";
import { checkChange, encrypt, decrypt, changePassphrase } from "./protect";
import ProtectScreen from "./ProtectScreen.svelte";

const plain = {
  path: "/cases/x.dossier", title: "x", rules: "cn", timeZone: "Asia/Shanghai",
  createdAt: "2026-03-01 10:00:00", exhibits: 3, events: 20, parties: 2, encrypted: false,
};
const sealed = { ...plain, encrypted: true };

beforeEach(() => {
  setLang("en");
  session.case = plain;
});

describe("protection logic", () => {
  it("a change needs the current passphrase and a new one, long enough, typed twice, and different", () => {
    expect(checkChange({ old: "", passphrase: "new passphrase", confirm: "new passphrase" })).toEqual(["old"]);
    expect(checkChange({ old: "old one!", passphrase: "short", confirm: "short" })).toEqual(["passphraseShort"]);
    expect(checkChange({ old: "old one!", passphrase: "new passphrase", confirm: "new passphrasf" })).toEqual([
      "passphraseMismatch",
    ]);
    expect(checkChange({ old: "same same", passphrase: "same same", confirm: "same same" })).toEqual(["same"]);
    expect(checkChange({ old: "old one!", passphrase: "new passphrase", confirm: "new passphrase" })).toEqual([]);
  });

  it("encrypting and decrypting send the passphrase with a progress channel and take the new summary", async () => {
    const sent: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      const { onProgress, ...rest } = args as { onProgress: Channel<ProgressEvent> };
      sent.push([cmd, rest]);
      onProgress?.onmessage({ kind: "begin", files: 3, bytes: 100 });
      if (cmd === "case_encrypt") return sealed;
      if (cmd === "case_decrypt") return plain;
      return null;
    });
    const kinds: string[] = [];
    await encrypt("correct horse 电池", (e) => kinds.push(e.kind));
    expect(session.case?.encrypted).toBe(true);
    await decrypt("correct horse 电池", (e) => kinds.push(e.kind));
    expect(session.case?.encrypted).toBe(false);
    expect(sent).toEqual([
      ["case_encrypt", { passphrase: "correct horse 电池" }],
      ["case_decrypt", { passphrase: "correct horse 电池" }],
    ]);
    expect(kinds).toEqual(["begin", "begin"]);
  });

  it("a wrong current passphrase comes back as the error", async () => {
    mockIPC((cmd, args) => {
      expect(cmd).toBe("case_change_passphrase");
      expect(args).toEqual({ old: "wrong one", new: "new passphrase" });
      throw { code: "wrong_passphrase", message: "wrong passphrase for /cases/x.dossier: nothing was opened or changed" };
    });
    const err = await changePassphrase({ old: "wrong one", passphrase: "new passphrase", confirm: "new passphrase" });
    expect(err?.code).toBe("wrong_passphrase");
  });
});

describe("the Protection screen", () => {
  it("offers a plain case encryption, checks the passphrase, and then shows it encrypted", async () => {
    mockIPC((cmd) => (cmd === "case_encrypt" ? sealed : null));
    const { getByTestId, container, queryByTestId } = render(ProtectScreen);
    expect(getByTestId("protect-state").dataset.encrypted).toBe("false");
    expect(queryByTestId("protect-decrypt")).toBeNull();
    await fireEvent.input(getByTestId("protect-new-passphrase"), { target: { value: "short" } });
    await fireEvent.click(getByTestId("protect-encrypt"));
    expect(container.textContent).toContain("at least 8 characters");
    await fireEvent.input(getByTestId("protect-new-passphrase"), { target: { value: "correct horse 电池" } });
    await fireEvent.input(getByTestId("protect-new-confirm"), { target: { value: "correct horse 电池" } });
    await fireEvent.click(getByTestId("protect-encrypt"));
    await waitFor(() => getByTestId("protect-done"));
    expect(getByTestId("protect-state").dataset.encrypted).toBe("true");
    expect(getByTestId("protect-decrypt")).toBeTruthy();
  });

  it("an encrypted case can change its passphrase; a wrong current one is said plainly", async () => {
    session.case = sealed;
    mockIPC(() => {
      throw { code: "wrong_passphrase", message: "wrong passphrase: nothing was opened or changed" };
    });
    const { getByTestId, container } = render(ProtectScreen);
    await fireEvent.input(getByTestId("protect-old"), { target: { value: "wrong one" } });
    await fireEvent.input(getByTestId("protect-new-passphrase"), { target: { value: "new passphrase" } });
    await fireEvent.input(getByTestId("protect-new-confirm"), { target: { value: "new passphrase" } });
    await fireEvent.click(getByTestId("protect-change"));
    await waitFor(() => expect(container.querySelector("[role=alert]")?.textContent).toContain("nothing was opened"));
    expect((getByTestId("protect-old") as HTMLInputElement).value).toBe("");
  });
});
