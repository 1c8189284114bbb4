// A minimal W3C WebDriver client over fetch: enough to drive the desktop app
// through tauri-driver (which hands the session to WebKitWebDriver). No
// dependencies: Node's own fetch speaks the protocol.

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, capabilities) {
    const value = await call(base, "POST", "/session", { capabilities });
    const session = new Session(base, value.sessionId);
    // Finding an element waits for it to appear, up to this long: the app
    // renders asynchronously after each command answers.
    // SCRIPT_TIMEOUT (ms): how long one async script may run (the benchmark's are long).
    await session.cmd("POST", "/timeouts", { implicit: 30000, script: Number(process.env.SCRIPT_TIMEOUT || 120000) });
    return session;
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  async find(css) {
    const value = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return new Element(this, value[ELEMENT]);
  }

  async findAll(css) {
    const values = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return values.map((v) => new Element(this, v[ELEMENT]));
  }

  byTestId(id) {
    return this.find(`[data-testid="${id}"]`);
  }

  execute(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /// Waits until `script` returns something truthy; fails after `ms`.
  async until(what, script, args = [], ms = 60000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await this.execute(script, args);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async screenshot() {
    // What was just rendered is painted on the next frames, not before.
    await this.cmd("POST", "/execute/async", {
      script:
        "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
      args: [],
    });
    const b64 = await this.cmd("GET", "/screenshot");
    return Buffer.from(b64, "base64");
  }

  setSize(width, height) {
    return this.cmd("POST", "/window/rect", { width, height });
  }

  quit() {
    return this.cmd("DELETE", "");
  }
}

export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }

  cmd(method, path, body) {
    return this.session.cmd(method, `/element/${this.id}${path}`, body);
  }

  click() {
    return this.cmd("POST", "/click", {});
  }

  async type(text) {
    await this.cmd("POST", "/clear", {});
    return this.cmd("POST", "/value", { text });
  }

  text() {
    return this.cmd("GET", "/text");
  }

  attribute(name) {
    return this.cmd("GET", `/attribute/${name}`);
  }

  /// Chooses an option of a <select> the way a user's change would.
  select(value) {
    return this.session.execute(
      "const el = arguments[0]; el.value = arguments[1]; el.dispatchEvent(new Event('change', { bubbles: true })); return el.value;",
      [{ [ELEMENT]: this.id }, value],
    );
  }

  ref() {
    return { [ELEMENT]: this.id };
  }
}

async function call(base, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok || (json.value && json.value.error)) {
    const v = json.value || {};
    throw new Error(`${method} ${path}: ${v.error || response.status}: ${v.message || ""}`);
  }
  return json.value;
}

/// Starts Xvfb (when there is no display) and tauri-driver on port 4444;
/// returns the processes to stop at the end. `env` is what the app gets.
export async function startDriver(env, display) {
  const { spawn } = await import("node:child_process");
  const fs = await import("node:fs");
  const children = [];
  if (!env.DISPLAY) {
    children.push(
      spawn("Xvfb", [display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"], { stdio: "ignore" }),
    );
    env.DISPLAY = display;
    const socket = `/tmp/.X11-unix/X${display.slice(1)}`;
    await until(() => fs.existsSync(socket), `the display ${display}`, 10000);
  }
  children.push(
    spawn("tauri-driver", ["--port", "4444", "--native-port", "4445"], {
      env,
      stdio: ["ignore", "inherit", "inherit"],
    }),
  );
  // tauri-driver answers before the native driver it starts does.
  await waitPort(4444, 20000);
  await waitPort(4445, 20000);
  return children;
}

async function until(test, what, ms) {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/// Waits until something listens on `port` on loopback.
export async function waitPort(port, ms) {
  const net = await import("node:net");
  const open = () =>
    new Promise((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.end();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
  await until(open, `port ${port}`, ms);
}
