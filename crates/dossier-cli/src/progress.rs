//! A terminal progress bar for long ingests and verifications (indicatif),
//! drawn on standard error only when it is a terminal and the work is large
//! enough to be worth watching; silent when piped.

use dossier_core::evidence::ingest::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::path::Path;

/// Work smaller than this finishes too fast for a bar to help.
const MIN_BYTES: u64 = 32 << 20;
const MIN_FILES: u64 = 50;

#[derive(Debug, Default)]
pub struct Bar {
    bar: Option<ProgressBar>,
}

impl Progress for Bar {
    fn begin(&mut self, files: u64, bytes: u64) {
        if bytes < MIN_BYTES && files < MIN_FILES {
            return;
        }
        let bar = ProgressBar::with_draw_target(Some(bytes), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} {eta} {wide_msg}",
        ) {
            bar.set_style(style);
        }
        self.bar = Some(bar);
    }

    fn file(&mut self, path: &Path) {
        if let Some(bar) = &self.bar {
            bar.set_message(
                path.file_name()
                    .map(|n| crate::shown::name(&n.to_string_lossy()).into_owned())
                    .unwrap_or_default(),
            );
        }
    }

    fn advance(&mut self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
        }
    }

    fn end(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
