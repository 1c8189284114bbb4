// Benchmarks of the desktop app in a release build, through the same
// WebDriver harness as the end-to-end test. Prints figures; asserts nothing.
//
//   1. cold start: from asking tauri-driver for a session (which launches
//      the app) to the first interactive screen, five rounds;
//   2. timeline scrolling with 100,000 events: frame gaps while the list is
//      scrolled a screenful per frame for 600 frames;
//   3. memory (PSS) with a 10,000-exhibit case: the app and its web
//      process, after the evidence grid was scrolled end to end.
//
// Usage: cargo build --release -p dossier-app -p dossier-cli
//        node tests/app/bench.mjs           (targets: < 1.5 s, no stall, < 300 MB)

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { Session, startDriver } from "./webdriver.mjs";

// Reading the whole grid a screenful at a time is one long script.
process.env.SCRIPT_TIMEOUT ??= String(30 * 60 * 1000);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const target = process.env.CARGO_TARGET_DIR || path.join(root, "target");
const app = path.join(target, "release", "dossier-app");
const cli = path.join(target, "release", "dossier");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "dossier-bench-"));
const children = [];

process.on("exit", () => {
  for (const c of children) {
    try {
      c.kill("SIGTERM");
    } catch {}
  }
  try {
    fs.rmSync(work, { recursive: true, force: true });
  } catch {}
});

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}


/// A call log of `n` calls from forty numbers, every 77 seconds.
function callsXml(file, n) {
  const t0 = 1772715791000;
  const fd = fs.openSync(file, "w");
  fs.writeSync(fd, `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count="${n}">\n`);
  let chunk = "";
  for (let i = 0; i < n; i++) {
    chunk += `  <call number="+86 170 5551 ${1000 + (i % 40)}" duration="${i % 300}" date="${t0 + i * 77000}" type="${1 + (i % 3)}" presentation="1" contact_name="(Unknown)" />\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = "";
    }
  }
  fs.writeSync(fd, chunk + "</calls>\n");
  fs.closeSync(fd);
}

/// A phone screenshot: 1080 × 2400 pixels of chat bubbles, as a phone saves
/// it (about 40 KB). The pixels are deflated once; a text chunk makes every
/// `seed` a different file, so the case holds 10,000 distinct originals the
/// grid must not decode at full size (10 MB each).
let screenshotParts = null;
function screenshot(seed) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  if (!screenshotParts) {
    const w = 1080;
    const h = 2400;
    const raw = Buffer.alloc((w * 3 + 1) * h);
    for (let y = 0; y < h; y++) {
      const row = y * (w * 3 + 1);
      const bubble = Math.floor(y / 160);
      const inBubble = y % 160 > 30 && y > 200;
      const mine = bubble % 3 === 0;
      const left = mine ? 380 : 40;
      const right = mine ? 1040 : 700 - (bubble % 4) * 60;
      for (let x = 0; x < w; x++) {
        const o = row + 1 + x * 3;
        let px = y < 200 ? [48, 48, 48] : [237, 237, 237];
        if (inBubble && x >= left && x < right) {
          const text = y % 160 > 60 && y % 160 < 120 && x % 37 < 26 && x > left + 30 && x < right - 30;
          px = text ? [30, 30, 30] : mine ? [149, 236, 105] : [255, 255, 255];
        }
        raw[o] = px[0];
        raw[o + 1] = px[1];
        raw[o + 2] = px[2];
      }
    }
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(w, 0);
    ihdr.writeUInt32BE(h, 4);
    ihdr[8] = 8;
    ihdr[9] = 2;
    screenshotParts = {
      head: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr)]),
      tail: Buffer.concat([chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]),
    };
  }
  const text = chunk("tEXt", Buffer.from(`Comment\0bench screenshot ${seed}`, "latin1"));
  return Buffer.concat([screenshotParts.head, text, screenshotParts.tail]);
}

/// Memory of a process and all its descendants, in MiB: the proportional
/// set size (each shared page counted once across them, split between the
/// processes that map it), which is what they cost the machine; plain RSS
/// would count WebKit's libraries once per process.
function treeRss(pid) {
  const kids = new Map();
  for (const p of fs.readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(p));
    } catch {}
  }
  let total = 0;
  const visit = (p) => {
    try {
      const m = /^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${p}/smaps_rollup`, "utf8"));
      if (m) total += Number(m[1]);
    } catch {}
    for (const k of kids.get(p) || []) visit(k);
  };
  visit(pid);
  if (process.env.BENCH_VERBOSE) {
    const each = (p, depth) => {
      try {
        const m = /^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${p}/smaps_rollup`, "utf8"));
        const name = fs.readFileSync(`/proc/${p}/comm`, "utf8").trim();
        if (m) console.log(`${"  ".repeat(depth)}${name} ${(Number(m[1]) / 1024).toFixed(0)} MiB`);
      } catch {}
      for (const k of kids.get(p) || []) each(k, depth + 1);
    };
    each(pid, 0);
  }
  return total / 1024;
}

async function session(args) {
  return Session.start("http://127.0.0.1:4444", {
    alwaysMatch: { "tauri:options": { application: app, args } },
  });
}

async function main() {
  for (const f of [app, cli]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: cargo build --release -p dossier-app -p dossier-cli`);
  }
  const env = {
    ...process.env,
    HOME: work,
  };
  children.push(...(await startDriver(env, ":96")));

  // BENCH_ONLY=start|timeline|memory runs one part.
  const only = process.env.BENCH_ONLY;
  const part = (name) => !only || only === name;

  // 1. Cold start.
  if (part("start")) {
  const starts = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const s = await session([]);
    await s.byTestId("start-screen");
    starts.push(performance.now() - t);
    if (i === 0) {
      const pid = Number(run("pgrep", ["-n", "-f", `${app}`]).trim());
      console.log(`memory (PSS) at the start screen, no case open: ${treeRss(pid).toFixed(0)} MiB in all`);
    }
    await s.quit();
  }
  starts.sort((a, b) => a - b);
  console.log(
    `cold start to the start screen: median ${(starts[2] / 1000).toFixed(2)} s (rounds ${starts.map((x) => (x / 1000).toFixed(2)).join(", ")} s)`,
  );

  }

  // 2. Timeline with 100,000 events.
  if (part("timeline")) {
  const big = path.join(work, "big.dossier");
  run(cli, ["init", big, "--title", "bench"]);
  const xml = path.join(work, "calls.xml");
  callsXml(xml, 100000);
  run(cli, ["import", big, xml]);
  {
    const s = await session([big]);
    await (await s.byTestId("nav-timeline")).click();
    const t = performance.now();
    await s.byTestId("timeline-row");
    const shown = performance.now() - t;
    const frames = await s.cmd("POST", "/execute/async", {
      script: `
        const done = arguments[arguments.length - 1];
        let el = document.querySelector('[data-testid="timeline-row"]');
        while (el && el.scrollHeight <= el.clientHeight + 1) el = el.parentElement;
        const gaps = [];
        let last = performance.now();
        let n = 0;
        function frame(now) {
          gaps.push(now - last);
          last = now;
          el.scrollTop += el.clientHeight;
          if (++n < 600 && el.scrollTop + el.clientHeight < el.scrollHeight) requestAnimationFrame(frame);
          else done({ gaps, rows: document.querySelectorAll('[data-testid="timeline-row"]').length, height: el.scrollHeight });
        }
        requestAnimationFrame(frame);`,
      args: [],
    });
    const gaps = frames.gaps.slice(1).sort((a, b) => a - b);
    const p = (q) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))].toFixed(1);
    console.log(
      `timeline, 100,000 events: shown ${(shown / 1000).toFixed(2)} s after the click; ${gaps.length} frames scrolled a screenful each: median ${p(0.5)} ms, p95 ${p(0.95)} ms, worst ${p(1)} ms; ${frames.rows} rows in the DOM`,
    );
    await s.quit();
  }

  }

  // 3. Memory with 10,000 exhibits.
  if (part("memory")) {
  // BENCH_CASE=DIR keeps the 10,000-exhibit case there for the next run.
  const many = process.env.BENCH_CASE || path.join(work, "many.dossier");
  if (!fs.existsSync(many)) {
  run(cli, ["init", many, "--title", "bench"]);
  const pics = path.join(work, "pics");
  fs.mkdirSync(pics);
  for (let i = 0; i < 10000; i++) fs.writeFileSync(path.join(pics, `Screenshot_${i}.png`), screenshot(i));
  run(cli, ["add", many, pics, "--recursive"]);
  }
  {
    const s = await session([many]);
    await s.byTestId("exhibit-card");
    const first = Number(run("pgrep", ["-n", "-f", `${app}`]).trim());
    console.log(`memory (PSS), 10,000 exhibits, the grid just shown: ${treeRss(first).toFixed(0)} MiB in all`);
    await s.cmd("POST", "/execute/async", {
      script: `
        const done = arguments[arguments.length - 1];
        let el = document.querySelector('[data-testid="exhibit-card"]');
        while (el && el.scrollHeight <= el.clientHeight + 1) el = el.parentElement;
        function frame() {
          el.scrollTop += el.clientHeight;
          if (el.scrollTop + el.clientHeight < el.scrollHeight) requestAnimationFrame(frame); else done(true);
        }
        requestAnimationFrame(frame);`,
      args: [],
    });
    const pid = Number(run("pgrep", ["-n", "-f", `${app}`]).trim());
    const own = (() => {
      const m = /^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
      return m ? Number(m[1]) / 1024 : 0;
    })();
    console.log(
      `memory (PSS), 10,000 exhibits after scrolling the grid: ${treeRss(pid).toFixed(0)} MiB in all (the app ${own.toFixed(0)} MiB, the rest its web processes)`,
    );
    // Back to the top, then at a reader's pace: a screenful at a time, each
    // shown until its thumbnails have loaded (and been made, the first
    // time), so all 10,000 pictures pass through the webview.
    const read = await s.cmd("POST", "/execute/async", {
      script: `
        const done = arguments[arguments.length - 1];
        let el = document.querySelector('[data-testid="exhibit-card"]');
        while (el && el.scrollHeight <= el.clientHeight + 1) el = el.parentElement;
        el.scrollTop = 0;
        let screens = 0;
        const t0 = performance.now();
        function loaded() {
          const box = el.getBoundingClientRect();
          return [...el.querySelectorAll(".thumb canvas")]
            .filter((c) => { const r = c.parentElement.getBoundingClientRect(); return r.bottom > box.top && r.top < box.bottom; })
            .every((c) => c.dataset.state === "loaded" || c.dataset.state === "failed");
        }
        function step() {
          if (!loaded()) return requestAnimationFrame(step);
          screens++;
          if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) return done([screens, performance.now() - t0]);
          el.scrollTop += el.clientHeight;
          setTimeout(() => requestAnimationFrame(step), 150);
        }
        setTimeout(() => requestAnimationFrame(step), 150);`,
      args: [],
    });
    console.log(
      `memory (PSS), 10,000 exhibits after reading the grid a screenful at a time (${read[0]} screens in ${(read[1] / 1000).toFixed(0)} s): ${treeRss(pid).toFixed(0)} MiB in all`,
    );
    // The web process frees the cards and images that scrolled away on its
    // own timers (garbage collection, the decoded-image cache): measure
    // again once it has been idle, as a user reading the screen would be.
    await new Promise((r) => setTimeout(r, 10000));
    console.log(`memory (PSS), 10,000 exhibits, 10 s after scrolling: ${treeRss(pid).toFixed(0)} MiB in all`);
    await s.quit();
  }
  }
}

main()
  .catch((e) => {
    console.error(e.stack || e);
    process.exitCode = 1;
  })
  .finally(() => process.exit());
