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
    // Thumbnails decode full-size screenshots (10 MB each) on a few worker
    // threads. glibc would serve those buffers from per-thread heaps and
    // keep the memory after they are freed (measured: the app grew from
    // 118 to 234 MiB while a 10,000-screenshot grid was scrolled); from an
    // mmap of their own, they go back to the system when freed. (Not lower,
    // and not for WebKit's processes through GLIBC_TUNABLES: at 32 KiB,
    // Mesa's software renderer in the web process read memory it had
    // freed, now unmapped, and crashed.)
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: a plain setting of the allocator, made before any thread exists.
    #[allow(unsafe_code)]
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
    dossier_app::run();
}
