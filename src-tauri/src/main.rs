//! The `dossier-app` binary: the desktop app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK's DMA-BUF renderer keeps large buffers per window (measured:
    // 306 MiB at the start screen against 231 MiB without it) and is the
    // usual cause of blank windows on machines without a working GPU. A
    // value the user set is left alone.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        // SAFETY: the first statement of main, before any thread exists, so
        // nothing can read the environment while it changes.
        #[allow(unsafe_code)]
        unsafe {
            std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
        }
    }
    // glibc serves an allocation below its mmap threshold from a heap, where
    // a few small long-lived allocations pin the holes that freed ones
    // leave, so the memory is never given back. Thumbnails go through
    // buffers of 30 KB to 10 MB: the full-size screenshot decoded on a
    // worker thread here, the pixels sent to the webview, the canvas the web
    // process draws them in. Measured with a 10,000-screenshot grid read end
    // to end: this app grew from 118 to 234 MiB, and the web process's heap
    // held 280 MiB, nearly all of it free, until every allocation from 32 KiB
    // up was given an mmap of its own, which goes back to the system when
    // freed. WebKit's processes are this one's children: they inherit the
    // setting through GLIBC_TUNABLES. A threshold the user set is left alone.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const MMAP_THRESHOLD: i32 = 32 << 10;
        // SAFETY: a plain setting of the allocator, made before any thread exists.
        #[allow(unsafe_code)]
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
        }
        let ours = format!("glibc.malloc.mmap_threshold={MMAP_THRESHOLD}");
        let tunables = match std::env::var("GLIBC_TUNABLES") {
            Ok(v) if v.contains("glibc.malloc.mmap_threshold") => None,
            Ok(v) if !v.is_empty() => Some(format!("{v}:{ours}")),
            _ => Some(ours),
        };
        if let Some(tunables) = tunables {
            // SAFETY: still before any thread exists (see above).
            #[allow(unsafe_code)]
            unsafe {
                std::env::set_var("GLIBC_TUNABLES", tunables);
            }
        }
    }
    dossier_app::run();
}
