//! The core's [`Progress`] over a Tauri Channel: what a long operation
//! reports reaches the UI as [`ProgressEvent`]s, at most every 50 ms for
//! byte counts, and the UI's `cancel` reaches the core as `cancelled()`.

use crate::dto::ProgressEvent;
use dossier_core::evidence::ingest::Progress;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tauri::ipc::Channel;

pub struct ChannelProgress {
    channel: Channel<ProgressEvent>,
    stop: Arc<AtomicBool>,
    done: u64,
    sent: Instant,
}

impl std::fmt::Debug for ChannelProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChannelProgress")
            .field("done", &self.done)
            .finish()
    }
}

impl ChannelProgress {
    pub fn new(channel: Channel<ProgressEvent>, stop: Arc<AtomicBool>) -> ChannelProgress {
        ChannelProgress {
            channel,
            stop,
            done: 0,
            sent: Instant::now(),
        }
    }

    fn send(&self, event: ProgressEvent) {
        // A closed window no longer listens; the work goes on regardless.
        let _ = self.channel.send(event);
    }
}

impl Progress for ChannelProgress {
    fn begin(&mut self, files: u64, bytes: u64) {
        self.send(ProgressEvent::Begin {
            files: u32::try_from(files).unwrap_or(u32::MAX),
            bytes: bytes as f64,
        });
    }

    fn file(&mut self, path: &Path) {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.send(ProgressEvent::File { name });
    }

    fn advance(&mut self, bytes: u64) {
        self.done += bytes;
        if self.sent.elapsed() >= Duration::from_millis(50) {
            self.sent = Instant::now();
            self.send(ProgressEvent::Advance {
                done: self.done as f64,
            });
        }
    }

    fn end(&mut self) {
        self.send(ProgressEvent::Advance {
            done: self.done as f64,
        });
        self.send(ProgressEvent::End);
    }

    fn cancelled(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}
