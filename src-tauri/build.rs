//! Tauri's build step: reads tauri.conf.json and the capabilities, and
//! embeds the built UI (`ui/dist`) into the binary.

fn main() {
    tauri_build::build();
}
